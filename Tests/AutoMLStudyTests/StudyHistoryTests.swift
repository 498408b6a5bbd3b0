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

@Suite struct ParetoFrontTests {
    @Test("the front keeps exactly the non-dominated points, sorted, and drops NaN")
    func front() {
        let points: [[Double]] = [[1, 5], [2, 3], [3, 4], [4, 1], [2, 3], [.nan, 0], [5, 5]]
        let front = ParetoFront(points) { $0 }
        #expect(front.losses == [[1, 5], [2, 3], [2, 3], [4, 1]])
        #expect(ParetoFront<[Double]>.dominates([1, 1], [1, 2]))
        #expect(!ParetoFront<[Double]>.dominates([1, 2], [1, 2]))
        #expect(!ParetoFront<[Double]>.dominates([0, 3], [1, 2]))
    }

    @Test("hypervolume equals the closed form of boxes in two and three dimensions")
    func hypervolume() {
        // Two points in 2-D: union of [1,4]×[3,4] and [2,4]×[1,4] = 3·1 + 2·3 − 2·1 = 7.
        let two = ParetoFront([[1.0, 3.0], [2.0, 1.0]]) { $0 }
        #expect(abs(two.hypervolume(reference: [4, 4]) - 7) < 1e-12)
        // Three axis points in 3-D: inclusion–exclusion of three boxes.
        let three = ParetoFront([[0.0, 1, 1], [1.0, 0, 1], [1.0, 1, 0]]) { $0 }
        // Each box is 2·1·1… with reference 2: boxes [0,2]×[1,2]×[1,2] etc. each volume 2;
        // pairwise intersections [1,2]×[1,2]×[1,2] volume 1 (three of them); triple the same: 1.
        #expect(abs(three.hypervolume(reference: [2, 2, 2]) - (3 * 2 - 3 * 1 + 1)) < 1e-12)
        // A point outside the reference adds nothing.
        #expect(ParetoFront([[5.0, 0.0]]) { $0 }.hypervolume(reference: [4, 4]) == 0)
    }

    @Test("a study history's front is its best trial for one direction and the trade-off for two")
    func studyFront() {
        let configuration = Configuration()
        let trials = [[0.5, 3.0], [0.2, 4.0], [0.3, 1.0], [0.6, 5.0]].enumerated().map {
            TrialRecord(
                number: $0.offset, state: .complete, configuration: configuration,
                values: $0.element)
        }
        let two = StudyHistory(directions: [.minimize, .minimize], trials: trials)
        #expect(two.paretoFront.members.map(\.number) == [1, 2])
        let single = StudyHistory(
            directions: [.maximize],
            trials: trials.map { trial in
                var trial = trial
                trial.values = trial.values.map { [$0[0]] }
                return trial
            })
        #expect(single.paretoFront.members.map(\.number) == [3])
        #expect(single.best?.number == 3)
    }
}
