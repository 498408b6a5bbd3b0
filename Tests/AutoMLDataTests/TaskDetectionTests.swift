import AutoMLData
import Testing

@Suite struct TaskDetectionTests {
    @Test("few integer values are classes, many or fractional values are a regression target")
    func detection() {
        #expect(LearningTask.detect(from: .numeric("y", [0, 1, 2, 0, 1, 2])) == .classification)
        #expect(LearningTask.detect(from: .numeric("y", [0.5, 1, 2, 0, 1, 2])) == .regression)
        #expect(LearningTask.detect(from: .numeric("y", (0..<100).map(Double.init))) == .regression)
        #expect(LearningTask.detect(from: .categorical("y", ["a", "b"])) == .classification)
    }

    @Test("numeric class labels keep numeric order and their written form")
    func numericLabels() throws {
        let table = try CSVReader.parse("x,y\n1,10\n2,2\n3,10\n4,2\n")
        let dataset = try Dataset(table: table, targetName: "y")
        #expect(dataset.target == .classification(labels: [1, 0, 1, 0], classes: ["2", "10"]))
        #expect(dataset.features.columnNames == ["x"])
    }

    @Test("the task can be forced")
    func forcedTask() throws {
        let table = try CSVReader.parse("x,y\n1,0\n2,1\n3,0\n4,1\n")
        #expect(try Dataset(table: table, targetName: "y", task: .regression).task == .regression)
        let fractional = try CSVReader.parse("x,y\n1,0.5\n2,1.5\n3,0.5\n")
        let forced = try Dataset(table: fractional, targetName: "y", task: .classification)
        #expect(forced.target.classes == ["0.5", "1.5"])
    }
}
