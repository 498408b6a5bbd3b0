import Foundation
import Testing

@testable import AutoMLData

/// Checks that a split's parts are ascending, disjoint and together cover `0..<count`.
private func expectWellFormed(_ split: Split, count: Int) {
    #expect(split.train == split.train.sorted())
    #expect(split.validation == split.validation.sorted())
    #expect((split.train + split.validation).sorted() == Array(0..<count))
}

/// Checks that every fold is well formed and that the validation parts partition `0..<count`.
private func expectPartition(_ splits: [Split], count: Int) {
    var timesValidated = [Int](repeating: 0, count: count)
    for split in splits {
        expectWellFormed(split, count: count)
        for index in split.validation { timesValidated[index] += 1 }
    }
    #expect(timesValidated.allSatisfy { $0 == 1 })
}

/// Labels 0, 1, 2 in proportions 50 %, 30 %, 20 % of `count` rows, interleaved.
private func unevenLabels(count: Int) -> [Int] {
    (0..<count).map { i in
        switch i % 10 {
        case 0..<5: 0
        case 5..<8: 1
        default: 2
        }
    }
}

@Suite struct SplitterTests {
    @Test("k-fold validation parts partition the rows, with fold sizes like KFold's")
    func kFoldPartition() throws {
        for shuffle in [false, true] {
            let splits = try Splitter.kFold(count: 23, folds: 5, shuffle: shuffle, seed: 3)
            #expect(splits.count == 5)
            #expect(splits.map(\.validation.count) == [5, 5, 5, 4, 4])
            expectPartition(splits, count: 23)
        }
    }

    @Test("k-fold without shuffling validates on consecutive blocks")
    func kFoldBlocks() throws {
        let splits = try Splitter.kFold(count: 7, folds: 3)
        #expect(splits.map(\.validation) == [[0, 1, 2], [3, 4], [5, 6]])
        #expect(splits[1].train == [0, 1, 2, 5, 6])
    }

    @Test("the same seed gives the same splits and another seed different ones")
    func determinism() throws {
        let labels = unevenLabels(count: 200)
        #expect(
            try Splitter.kFold(count: 100, folds: 4, shuffle: true, seed: 11)
                == Splitter.kFold(count: 100, folds: 4, shuffle: true, seed: 11))
        #expect(
            try Splitter.kFold(count: 100, folds: 4, shuffle: true, seed: 11)
                != Splitter.kFold(count: 100, folds: 4, shuffle: true, seed: 12))
        #expect(
            try Splitter.stratifiedKFold(labels: labels, folds: 5, seed: 4)
                == Splitter.stratifiedKFold(labels: labels, folds: 5, seed: 4))
        #expect(
            try Splitter.stratifiedKFold(labels: labels, folds: 5, seed: 4)
                != Splitter.stratifiedKFold(labels: labels, folds: 5, seed: 5))
        #expect(
            try Splitter.holdout(count: 50, validationFraction: 0.2, seed: 9)
                == Splitter.holdout(count: 50, validationFraction: 0.2, seed: 9))
        let fifty = Array(labels.prefix(50))
        #expect(
            try Splitter.holdout(count: 50, validationFraction: 0.2, stratifiedBy: fifty, seed: 9)
                == Splitter.holdout(
                    count: 50, validationFraction: 0.2, stratifiedBy: fifty, seed: 9))
    }

    @Test("stratified folds hold each class's share within one row", arguments: [2, 3, 5, 7])
    func stratifiedProportions(folds: Int) throws {
        // 103 rows: classes of 52, 31 and 20 rows (labels 0, 1, 2), not divisible by most folds.
        let labels = unevenLabels(count: 103)
        let splits = try Splitter.stratifiedKFold(labels: labels, folds: folds, seed: 21)
        #expect(splits.count == folds)
        expectPartition(splits, count: labels.count)
        let sizes = splits.map(\.validation.count)
        let (largest, smallest) = (try #require(sizes.max()), try #require(sizes.min()))
        #expect(largest - smallest <= 1)
        for label in 0..<3 {
            let classSize = labels.filter { $0 == label }.count
            for split in splits {
                let inFold = split.validation.filter { labels[$0] == label }.count
                #expect(abs(Double(inFold) - Double(classSize) / Double(folds)) < 1)
            }
        }
    }

    @Test("stratified k-fold accepts any integer labels")
    func stratifiedArbitraryLabels() throws {
        let labels = [-4, 10, 10, -4, 7, 7, 10, -4, 7]
        let splits = try Splitter.stratifiedKFold(labels: labels, folds: 3, seed: 1)
        expectPartition(splits, count: labels.count)
        for split in splits {
            #expect(Set(split.validation.map { labels[$0] }) == [-4, 7, 10])
        }
    }

    @Test("a holdout takes the ceiling of the fraction and partitions the rows")
    func holdoutSizes() throws {
        let split = try Splitter.holdout(count: 10, validationFraction: 0.25, seed: 2)
        #expect(split.validation.count == 3)  // ⌈2.5⌉, as in train_test_split
        expectWellFormed(split, count: 10)
        let shuffled = try Splitter.holdout(count: 1000, seed: 2)
        #expect(shuffled.validation.count == 250)
        #expect(shuffled.validation != Array(0..<250))  // shuffled, not the first rows
    }

    @Test("a stratified holdout keeps class proportions in both parts")
    func stratifiedHoldout() throws {
        let labels = unevenLabels(count: 1000)  // 500, 300, 200
        let split = try Splitter.holdout(
            count: 1000, validationFraction: 0.2, stratifiedBy: labels, seed: 8)
        expectWellFormed(split, count: 1000)
        let counts = (0..<3).map { label in split.validation.filter { labels[$0] == label }.count }
        #expect(counts == [100, 60, 40])
    }

    @Test("a stratified holdout leaves every class a training row")
    func stratifiedHoldoutKeepsTraining() throws {
        // Two rows per class and a large validation share: the rounding must not take both.
        let labels = [0, 0, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3]
        let split = try Splitter.holdout(
            count: labels.count, validationFraction: 0.7, stratifiedBy: labels, seed: 5)
        expectWellFormed(split, count: labels.count)
        #expect(Set(split.train.map { labels[$0] }) == [0, 1, 2, 3])
        #expect(Set(split.validation.map { labels[$0] }) == [0, 1, 2, 3])
    }

    @Test("fold counts below 2 or above the rows are refused")
    func foldErrors() {
        #expect(
            throws: DataError.invalidArgument(name: "folds", value: "1", expected: "at least 2")
        ) {
            try Splitter.kFold(count: 10, folds: 1)
        }
        #expect(
            throws: DataError.invalidArgument(
                name: "folds", value: "11", expected: "at most the number of rows (10)")
        ) {
            try Splitter.kFold(count: 10, folds: 11)
        }
        #expect(throws: DataError.self) {
            try Splitter.stratifiedKFold(labels: [0, 1, 0], folds: 4, seed: 0)
        }
    }

    @Test("stratified k-fold refuses more folds than the smallest class has rows, naming it")
    func smallestClassError() {
        let labels = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2]
        #expect(
            throws: DataError.invalidArgument(
                name: "folds", value: "3",
                expected: "at most 2, the number of rows of the smallest class (label 2), so "
                    + "that every validation fold holds every class (scikit-learn's "
                    + "StratifiedKFold warns here); lower folds or merge rare classes")
        ) {
            try Splitter.stratifiedKFold(labels: labels, folds: 3, seed: 0)
        }
        // A class of one row cannot be helped by any fold count: the class is named instead.
        #expect(
            throws: DataError.invalidArgument(
                name: "the rows of every class", value: "1 for label 1",
                expected: "at least 2 for stratified folds; add rows of that class or drop it")
        ) {
            try Splitter.stratifiedKFold(labels: [0, 0, 0, 1, 0, 0], folds: 2, seed: 0)
        }
    }

    @Test("holdout refuses bad fractions, too few rows, mismatched labels and singleton classes")
    func holdoutErrors() {
        for fraction in [0, 1, -0.1, 1.5, .nan] {
            #expect(throws: DataError.self) {
                try Splitter.holdout(count: 10, validationFraction: fraction, seed: 0)
            }
        }
        #expect(throws: DataError.self) {
            try Splitter.holdout(count: 1, seed: 0)
        }
        #expect(throws: DataError.self) {  // ⌈0.95 · 10⌉ = 10 leaves no training row
            try Splitter.holdout(count: 10, validationFraction: 0.95, seed: 0)
        }
        #expect(throws: DataError.self) {
            try Splitter.holdout(count: 4, stratifiedBy: [0, 1, 0], seed: 0)
        }
        #expect(throws: DataError.self) {
            try Splitter.holdout(count: 5, stratifiedBy: [0, 0, 1, 1, 2], seed: 0)
        }
    }

    @Test("a split survives a JSON round trip")
    func codable() throws {
        let split = try Splitter.holdout(count: 12, seed: 4)
        let decoded = try JSONDecoder().decode(Split.self, from: JSONEncoder().encode(split))
        #expect(decoded == split)
    }
}
