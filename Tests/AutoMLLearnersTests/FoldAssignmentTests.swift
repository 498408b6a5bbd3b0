import AutoMLData
import AutoMLLearners
import AutoMLTestSupport
import Foundation
import Testing

/// The skewed three-fold assignment of iris's 150 rows (classes in blocks of 50) that the
/// constant baseline scores by hand: fold 0 = rows 0..<10 (c0) + 50..<55 (c1); fold 1 =
/// 10..<50 (c0) + 55..<60 (c1) + 100..<110 (c2); fold 2 = 60..<100 (c1) + 110..<150 (c2).
let skewedIrisFolds: [Int] = (0..<150).map { row in
    switch row {
    case 0..<10, 50..<55: return 0
    case 10..<50, 55..<60, 100..<110: return 1
    default: return 2
    }
}

@Suite struct FoldAssignmentTests {
    @Test("the constant baseline on predefined iris folds scores the hand-computed 0, 5/55 and 0")
    func handComputedClassification() throws {
        // Training class counts (c0, c1, c2): fold 0 (40, 45, 50) → predicts c2, none of its 15
        // rows is c2; fold 1 (10, 45, 40) → c1, 5 of 55; fold 2 (50, 10, 10) → c0, none of 80.
        let dataset = try exampleDataset("iris")
        let splits = try FoldAssignment(foldOfRow: skewedIrisFolds).splits(for: dataset)
        #expect(splits.map(\.validation.count) == [15, 55, 80])
        let result = try CrossValidation.evaluate(
            AnyLearner(ConstantBaseline()), on: dataset, splits: splits, metric: .accuracy)
        #expect(result.foldScores.count == 3)
        #expect(isClose(result.foldScores[0], 0, tolerance: 1e-12))
        #expect(isClose(result.foldScores[1], 5.0 / 55, tolerance: 1e-12))
        #expect(isClose(result.foldScores[2], 0, tolerance: 1e-12))
    }

    @Test("each predefined regression fold is scored against the mean of exactly its training rows")
    func regressionFoldsAreExact() throws {
        let dataset = try exampleDataset("diabetes")
        guard case .regression(let y) = dataset.target else {
            Issue.record("not regression"); return
        }
        let foldOfRow = (0..<dataset.rowCount).map { ($0 * 7 + $0 / 5) % 4 }
        let splits = try FoldAssignment(foldOfRow: foldOfRow).splits(for: dataset)
        let result = try CrossValidation.evaluate(
            AnyLearner(ConstantBaseline()), on: dataset, splits: splits, metric: .rmse)
        for fold in 0..<4 {
            let validation = (0..<y.count).filter { foldOfRow[$0] == fold }
            let train = (0..<y.count).filter { foldOfRow[$0] != fold }
            #expect(splits[fold].validation == validation && splits[fold].train == train)
            let mean = train.map { y[$0] }.reduce(0, +) / Double(train.count)
            let rmse =
                (validation.map { (y[$0] - mean) * (y[$0] - mean) }.reduce(0, +)
                / Double(validation.count)).squareRoot()
            #expect(isClose(result.foldScores[fold], rmse, tolerance: 1e-9))
        }
    }

    @Test("writing the seeded stratified folds as an assignment gives back the same splits")
    func seededFoldsRoundTrip() throws {
        let dataset = try exampleDataset("wine")
        let seeded = try CrossValidation.folds(for: dataset, count: 5, seed: 3)
        var foldOfRow = [Int](repeating: -1, count: dataset.rowCount)
        for (fold, split) in seeded.enumerated() {
            for row in split.validation { foldOfRow[row] = fold }
        }
        let text = foldOfRow.map(String.init).joined(separator: "\r\n") + "\r\n"
        let assignment = try FoldAssignment.parse(text, source: "wine.folds")
        #expect(assignment.foldCount == 5 && assignment.rowCount == dataset.rowCount)
        #expect(try assignment.splits(for: dataset) == seeded)
    }

    @Test("surrounding spaces and trailing blank lines are accepted")
    func lenientWhitespace() throws {
        let assignment = try FoldAssignment.parse(" 0\n1 \n\t2\n0\n\n  \n", source: "f")
        #expect(assignment.foldOfRow == [0, 1, 2, 0] && assignment.foldCount == 3)
    }

    @Test("a fold file is read from disk and a missing one is refused naming its path")
    func readsFiles() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("fold-assignment-\(UUID().uuidString).folds")
        try "1\n0\n1\n0\n".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try FoldAssignment(contentsOf: url.path).foldOfRow == [1, 0, 1, 0])
        #expect(throws: LearnerError.data(.fileNotFound(path: "/nonexistent/x.folds"))) {
            try FoldAssignment(contentsOf: "/nonexistent/x.folds")
        }
    }

    struct MalformedCase: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var line: Int?
        var problem: String
        var testDescription: String { name }
    }

    static let malformed: [MalformedCase] = [
        .init(name: "a word", text: "0\n1\nx\n", line: 3, problem: "'x' is not a fold index"),
        .init(
            name: "a header line", text: "fold\n0\n1\n", line: 1,
            problem: "'fold' is not a fold index"),
        .init(name: "a decimal", text: "0\n1.5\n", line: 2, problem: "'1.5' is not a fold index"),
        .init(
            name: "two fields (a CSV row)", text: "0\n1,0\n", line: 2,
            problem: "'1,0' is not a fold index"),
        .init(
            name: "a negative index", text: "0\n-1\n1\n", line: 2,
            problem: "the fold index -1 is negative"),
        .init(name: "a blank line inside", text: "0\n\n1\n", line: 2, problem: "the line is empty"),
        .init(
            name: "an empty fold", text: "0\n2\n0\n2\n", line: nil, problem: "fold 1 holds no rows"),
        .init(
            name: "a single fold", text: "0\n0\n0\n", line: nil, problem: "every row is in fold 0"),
        .init(name: "an empty file", text: "", line: nil, problem: "there are no fold indices"),
    ]

    @Test(
        "malformed fold text is refused naming the file, the line and the problem",
        arguments: malformed)
    func refusesMalformed(_ c: MalformedCase) throws {
        let error = #expect(throws: LearnerError.self) {
            try FoldAssignment.parse(c.text, source: "bad.folds")
        }
        guard case .invalidFoldAssignment(let source, let line, let problem, let remedy)? = error
        else {
            Issue.record("unexpected error \(String(describing: error))")
            return
        }
        #expect(source == "bad.folds" && line == c.line && problem.hasPrefix(c.problem))
        #expect(!remedy.isEmpty)
        let prefix = "bad.folds" + (c.line.map { ":\($0)" } ?? "") + ": "
        #expect(
            error?.description.hasPrefix(prefix + c.problem) == true, "\(String(describing: error))"
        )
    }

    @Test("a fold file with fewer indices than data rows is refused naming both counts")
    func refusesRowCountMismatch() throws {
        let dataset = try exampleDataset("iris")
        let assignment = try FoldAssignment(
            foldOfRow: (0..<149).map { $0 % 5 }, source: "iris.folds")
        let error = #expect(throws: LearnerError.self) {
            try assignment.splits(for: dataset, dataSource: "iris.csv")
        }
        let message = error?.description ?? ""
        #expect(
            message.hasPrefix("iris.folds: it has 149 fold indices but iris.csv has 150 data rows"),
            "\(message)")
    }

    @Test("a fold whose training rows hold one class is refused before any learner runs")
    func refusesSingleClassTraining() throws {
        // Classes 0 and 1 all in fold 0: fold 0 trains on class 2 alone.
        let dataset = try exampleDataset("iris")
        let assignment = try FoldAssignment(
            foldOfRow: (0..<150).map { $0 < 100 ? 0 : 1 }, source: "iris.folds")
        let error = #expect(throws: LearnerError.self) { try assignment.splits(for: dataset) }
        #expect(
            error?.description.contains("fold 0") == true
                && error?.description.contains("single class '2'") == true,
            "\(String(describing: error))")
    }
}
