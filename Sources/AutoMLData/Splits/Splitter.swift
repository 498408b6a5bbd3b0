import AutoMLNumerics

/// Seeded ways to divide `count` rows into training and validation rows.
///
/// ```swift
/// let split = try Splitter.holdout(count: 1000, validationFraction: 0.2, seed: 7)
/// let folds = try Splitter.stratifiedKFold(labels: classLabels, folds: 5, seed: 7)
/// for fold in folds { … fold.train … fold.validation … }
/// ```
///
/// Every function is deterministic: the same arguments and seed give the same splits on every
/// platform. In a k-fold result each row is in exactly one fold's `validation`.
public enum Splitter {
    /// One random train/validation split (scikit-learn's `train_test_split`, or
    /// `StratifiedShuffleSplit` with one split when `labels` is given).
    ///
    /// The validation set has ⌈`validationFraction` · `count`⌉ rows, as in scikit-learn. When
    /// stratified, each class contributes its proportional share of validation rows (rounded by
    /// largest remainder, so within one row of exact), and every class keeps at least one row
    /// for training. O(count).
    ///
    /// - Parameters:
    ///   - count: Number of rows (≥ 2).
    ///   - validationFraction: Share of rows held out, in (0, 1); scikit-learn's default
    ///     `test_size=0.25`.
    ///   - labels: Class labels, one per row, to keep class proportions in both parts; `nil`
    ///     for a plain random split. Any integers may be used as labels.
    ///   - seed: Seed of the shuffle.
    /// - Returns: A split whose parts are ascending, disjoint and cover `0..<count`.
    /// - Throws: ``DataError/invalidArgument(name:value:expected:)`` when `count < 2`, the
    ///   fraction is outside (0, 1) or leaves either part empty, or (stratified) a class has
    ///   fewer than two rows or there are fewer validation or training rows than classes;
    ///   ``DataError/shapeMismatch(operation:expected:got:)`` when `labels.count != count`.
    public static func holdout(
        count: Int, validationFraction: Double = 0.25, stratifiedBy labels: [Int]? = nil,
        seed: UInt64
    ) throws(DataError) -> Split {
        guard count >= 2 else {
            throw .invalidArgument(
                name: "count", value: "\(count)", expected: "at least 2 rows for a holdout split")
        }
        guard validationFraction > 0 && validationFraction < 1 else {
            throw .invalidArgument(
                name: "validationFraction", value: "\(validationFraction)",
                expected: "a fraction strictly between 0 and 1")
        }
        let validationCount = Int((validationFraction * Double(count)).rounded(.up))
        guard validationCount < count else {
            throw .invalidArgument(
                name: "validationFraction", value: "\(validationFraction)",
                expected: "small enough to leave training rows out of \(count) (it holds out "
                    + "all of them)")
        }
        var random = RandomSource(seed: seed)
        guard let labels else {
            let order = random.permutation(count)
            var inValidation = [Bool](repeating: false, count: count)
            for index in order.prefix(validationCount) { inValidation[index] = true }
            return split(marking: inValidation)
        }
        guard labels.count == count else {
            throw .shapeMismatch(
                operation: "Splitter.holdout(stratifiedBy:)", expected: "\(count) labels",
                got: "\(labels.count)")
        }
        return try stratifiedHoldout(
            labels: labels, validationCount: validationCount, random: &random)
    }

    /// `folds` consecutive blocks of rows, each the validation part once (scikit-learn's
    /// `KFold`).
    ///
    /// The first `count % folds` folds hold `count / folds + 1` rows, the rest `count / folds`.
    /// Without shuffling, fold 0 validates on rows `0..<size₀`, fold 1 on the next block, and
    /// so on; with shuffling the rows are permuted by `seed` first. O(count · folds).
    ///
    /// - Parameters:
    ///   - count: Number of rows.
    ///   - folds: Number of folds, in `2...count`; scikit-learn's default `n_splits=5`.
    ///   - shuffle: Whether to permute rows before cutting blocks; scikit-learn's default is
    ///     `false`. Shuffle unless rows are already in random order.
    ///   - seed: Seed of the shuffle; ignored when `shuffle` is `false`.
    /// - Returns: `folds` splits; their `validation` parts partition `0..<count`.
    /// - Throws: ``DataError/invalidArgument(name:value:expected:)`` when `folds < 2` or
    ///   `folds > count`.
    public static func kFold(
        count: Int, folds: Int = 5, shuffle: Bool = false, seed: UInt64 = 0
    ) throws(DataError) -> [Split] {
        try checkFolds(folds, count: count)
        var random = RandomSource(seed: seed)
        let order = shuffle ? random.permutation(count) : Array(0..<count)
        var foldOfRow = [Int](repeating: 0, count: count)
        var position = 0
        for fold in 0..<folds {
            let size = count / folds + (fold < count % folds ? 1 : 0)
            for index in order[position..<position + size] { foldOfRow[index] = fold }
            position += size
        }
        return splits(foldOfRow: foldOfRow, folds: folds)
    }

    // MARK: - Shared helpers

    /// Refuses fold counts below 2 or above the number of rows.
    static func checkFolds(_ folds: Int, count: Int) throws(DataError) {
        guard folds >= 2 else {
            throw .invalidArgument(name: "folds", value: "\(folds)", expected: "at least 2")
        }
        guard folds <= count else {
            throw .invalidArgument(
                name: "folds", value: "\(folds)",
                expected: "at most the number of rows (\(count))")
        }
    }

    /// One split per fold, validating on the rows assigned to it. O(count · folds).
    static func splits(foldOfRow: [Int], folds: Int) -> [Split] {
        (0..<folds).map { fold in
            split(marking: foldOfRow.map { $0 == fold })
        }
    }

    /// The split validating on the rows marked `true`, both parts ascending.
    static func split(marking inValidation: [Bool]) -> Split {
        var train = [Int]()
        var validation = [Int]()
        let validationCount = inValidation.reduce(0) { $0 + ($1 ? 1 : 0) }
        validation.reserveCapacity(validationCount)
        train.reserveCapacity(inValidation.count - validationCount)
        for (index, isValidation) in inValidation.enumerated() {
            if isValidation { validation.append(index) } else { train.append(index) }
        }
        return Split(train: train, validation: validation)
    }
}
