import AutoMLSearchSpace
import AutoMLStudy
import Testing

@Suite struct StudyHistoryTests {
    @Test("the best trial follows the direction and ignores unfinished ones")
    func best() {
        let trials = [
            TrialRecord(number: 0, state: .complete, configuration: .init(), values: [3]),
            TrialRecord(number: 1, state: .complete, configuration: .init(), values: [5]),
            TrialRecord(number: 2, state: .failed, configuration: .init(), failureReason: "boom"),
            TrialRecord(number: 3, state: .running, configuration: .init()),
        ]
        #expect(StudyHistory(directions: [.minimize], trials: trials).best?.number == 0)
        #expect(StudyHistory(directions: [.maximize], trials: trials).best?.number == 1)
        #expect(StudyHistory(trials: trials).running.map(\.number) == [3])
    }
}
