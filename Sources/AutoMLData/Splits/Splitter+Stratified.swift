import AutoMLNumerics

extension Splitter {
    /// Folds that keep each class's share of rows, each fold the validation part once
    /// (scikit-learn's `StratifiedKFold(shuffle=True)`).
    ///
    /// Each class's rows are shuffled by `seed`, then the classes, in ascending label order,
    /// are dealt round-robin across the folds, the deal continuing from one class to the next.
    /// So every fold holds each class's count divided by `folds`, within one row, and fold
    /// sizes differ by at most one row. O(count · folds).
    ///
    /// - Parameters:
    ///   - labels: Class label of each row; any integers.
    ///   - folds: Number of folds (≥ 2); scikit-learn's default `n_splits=5`.
    ///   - seed: Seed of the per-class shuffles.
    /// - Returns: `folds` splits; their `validation` parts partition `0..<labels.count`.
    /// - Throws: ``DataError/invalidArgument(name:value:expected:)`` when `folds < 2`,
    ///   `folds > labels.count`, or the smallest class has fewer rows than `folds`, which would
    ///   leave some validation folds without that class (scikit-learn warns; we refuse).
    public static func stratifiedKFold(
        labels: [Int], folds: Int = 5, seed: UInt64
    ) throws(DataError) -> [Split] {
        try checkFolds(folds, count: labels.count)
        var random = RandomSource(seed: seed)
        let classes = classMembers(labels, random: &random)
        if let smallest = classes.min(by: { $0.rows.count < $1.rows.count }),
            smallest.rows.count < folds
        {
            // With one row no fold count can work: name the class, not the fold count.
            guard smallest.rows.count >= 2 else {
                throw .invalidArgument(
                    name: "the rows of every class", value: "1 for label \(smallest.label)",
                    expected: "at least 2 for stratified folds; add rows of that class or drop it")
            }
            throw .invalidArgument(
                name: "folds", value: "\(folds)",
                expected: "at most \(smallest.rows.count), the number of rows of the smallest "
                    + "class (label \(smallest.label)), so that every validation fold holds "
                    + "every class (scikit-learn's StratifiedKFold warns here); lower folds "
                    + "or merge rare classes")
        }
        var foldOfRow = [Int](repeating: 0, count: labels.count)
        var dealt = 0
        for members in classes {
            for row in members.rows {
                foldOfRow[row] = dealt % folds
                dealt += 1
            }
        }
        return splits(foldOfRow: foldOfRow, folds: folds)
    }

    /// A stratified holdout of `validationCount` rows, for
    /// ``holdout(count:validationFraction:stratifiedBy:seed:)``.
    ///
    /// Class c gets ⌊nᶜ · v / n⌋ validation rows, then the rows still missing go one each to the
    /// classes with the largest remainders (lower labels first on ties), skipping any class
    /// that would be left with no training row.
    static func stratifiedHoldout(
        labels: [Int], validationCount: Int, random: inout RandomSource
    ) throws(DataError) -> Split {
        let count = labels.count
        let classes = classMembers(labels, random: &random)
        if let smallest = classes.min(by: { $0.rows.count < $1.rows.count }),
            smallest.rows.count < 2
        {
            throw .invalidArgument(
                name: "stratifiedBy", value: "a class (label \(smallest.label)) with one row",
                expected: "labels whose every class has at least 2 rows, one for each part")
        }
        let trainCount = count - validationCount
        guard validationCount >= classes.count, trainCount >= classes.count else {
            throw .invalidArgument(
                name: "validationFraction",
                value: "\(validationCount) validation and \(trainCount) training rows",
                expected: "a split with at least one row per class (\(classes.count)) in each "
                    + "part")
        }
        // 1. Floors of the proportional quotas.
        let quotas = classes.map {
            Double($0.rows.count) * Double(validationCount) / Double(count)
        }
        var allocation = quotas.map { Int($0.rounded(.down)) }
        // 2. Largest remainders take the rows still missing; a class keeps one training row.
        let byRemainder = quotas.indices.sorted {
            let (a, b) = (quotas[$0] - Double(allocation[$0]), quotas[$1] - Double(allocation[$1]))
            return a != b ? a > b : $0 < $1
        }
        var missing = validationCount - allocation.reduce(0, +)
        while missing > 0 {
            for c in byRemainder where missing > 0 && allocation[c] < classes[c].rows.count - 1 {
                allocation[c] += 1
                missing -= 1
            }
        }
        // 3. Each class's first (shuffled) rows go to validation.
        var inValidation = [Bool](repeating: false, count: count)
        for (c, members) in classes.enumerated() {
            for row in members.rows.prefix(allocation[c]) { inValidation[row] = true }
        }
        return split(marking: inValidation)
    }

    /// Rows of each distinct label, labels ascending, each class's rows shuffled by `random`.
    static func classMembers(
        _ labels: [Int], random: inout RandomSource
    ) -> [(label: Int, rows: [Int])] {
        var rowsByLabel: [Int: [Int]] = [:]
        for (row, label) in labels.enumerated() { rowsByLabel[label, default: []].append(row) }
        return rowsByLabel.keys.sorted().map { label in
            var rows = rowsByLabel[label] ?? []
            random.shuffle(&rows)
            return (label, rows)
        }
    }
}
