import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLStudy
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct StudyTests {
    let space = StudyStorageConformance.space

    @Test("ask hands out typed values from the space; tell stores values, NaN fails the trial")
    func askAndTell() async throws {
        let study = try await Study.create(name: "s", space: space, sampler: RandomSampler(seed: 3))
        let trial = try await study.ask()
        #expect(trial.number == 0)
        #expect(space.contains(trial.configuration))
        let x = try trial.float("x")
        #expect((-5...5).contains(x))
        #expect((1...9).contains(try trial.int("n")))
        let kernel = try trial.categorical("kernel")
        #expect(["rbf", "linear"].contains(kernel))
        #expect(trial.has("gamma") == (kernel == "rbf"))
        #expect(throws: StudyError.self) { try trial.int("kernel") }
        #expect(throws: StudyError.self) { try trial.float("missing") }
        trial.setMetric("model_bytes", 128)
        let told = try await study.tell(trial, value: x * x)
        #expect(
            told.state == .complete && told.value == x * x && told.metrics["model_bytes"] == 128)
        let second = try await study.ask()
        let failed = try await study.tell(second, value: .nan)
        #expect(failed.state == .failed && failed.failureReason == "the objective returned nan")
        await #expect(throws: StudyError.trialNotRunning(study: "s", number: 1, state: .failed)) {
            try await study.tell(second, value: 1)
        }
        await #expect(throws: StudyError.valueCount(study: "s", trial: 2, expected: 1, got: 2)) {
            try await study.tell(try await study.ask().number, values: [1, 2])
        }
        #expect(try await study.bestTrial?.number == 0)
    }

    @Test("create with loadIfExists continues a study and refuses another space or direction")
    func resume() async throws {
        let storage = InMemoryStorage()
        let first = try await Study.create(
            name: "r", space: space, sampler: RandomSampler(), storage: storage)
        try await first.tell(try await first.ask(), value: 1)
        let again = try await Study.create(
            name: "r", space: space, sampler: RandomSampler(), storage: storage, loadIfExists: true)
        #expect(try await again.trials.count == 1)
        #expect(try await again.ask().number == 1)
        let other = SearchSpace(unordered: [
            Parameter(name: "y", domain: .float(low: 0, high: 1, log: false, step: nil))
        ])
        await #expect(throws: StudyError.self) {
            try await Study.create(
                name: "r", space: other, sampler: RandomSampler(), storage: storage,
                loadIfExists: true)
        }
        await #expect(throws: StudyError.self) {
            try await Study.create(
                name: "r", space: space, directions: [.maximize], sampler: RandomSampler(),
                storage: storage,
                loadIfExists: true)
        }
        await #expect(throws: StudyError.studyExists(name: "r")) {
            try await Study.create(
                name: "r", space: space, sampler: RandomSampler(), storage: storage)
        }
    }

    @Test(
        "trials of a dead process are marked failed on resume; live, ownerless and remote fresh ones are kept"
    )
    func abandonedTrials() async throws {
        let storage = InMemoryStorage()
        let study = try await Study.create(
            name: "a", space: space, sampler: RandomSampler(), storage: storage)
        let here = TrialOwner.current
        let dead = TrialOwner(
            host: here.host, processID: here.processID, processStart: (here.processStart ?? 0) + 1,
            bootID: here.bootID)
        let rebooted = TrialOwner(
            host: here.host, processID: 1, processStart: 1, bootID: "another-boot")
        let remote = TrialOwner(
            host: "elsewhere.example", processID: 1, processStart: 1, bootID: nil)
        let configuration = try await study.ask().configuration  // trial 0: ours, alive
        for owner in [dead, rebooted, remote, nil] as [TrialOwner?] {
            _ = try await storage.startTrials(1, in: "a", owner: owner) { _, _ in [configuration] }
        }
        let failed = try await study.failAbandonedTrials(staleAfter: .seconds(60))
        #expect(failed.map(\.number) == [1, 2])
        #expect(failed.allSatisfy { $0.failureReason?.contains("is gone") == true })
        // The remote trial goes stale once its heartbeat is old enough.
        try await storage.backdateHeartbeat(trial: 3, of: "a", to: Date().addingTimeInterval(-120))
        let stale = try await study.failAbandonedTrials(staleAfter: .seconds(60))
        #expect(stale.map(\.number) == [3])
        #expect(stale.first?.failureReason?.contains("no heartbeat") == true)
        #expect(
            try await study.trials.map(\.state) == [.running, .failed, .failed, .failed, .running])
    }

    @Test("the stored form of a search space round-trips exactly, reals and integers apart")
    func storedSpace() throws {
        let tricky = SearchSpace(unordered: [
            Parameter(
                name: "c",
                domain: .categorical([.real(1.0), .integer(1), .string("1"), .bool(true)])),
            Parameter(name: "f", domain: .fixed(.real(2.0))),
            Parameter(
                name: "s", domain: .float(low: 0, high: 1, log: false, step: 0.25),
                conditions: [
                    Condition(parent: "c", values: [.real(1.0)])
                ]),
            Parameter(name: "i", domain: .integer(low: 2, high: 64, log: true, step: 2)),
        ])
        let data = try JSONEncoder().encode(StoredSearchSpace(tricky))
        #expect(try JSONDecoder().decode(StoredSearchSpace.self, from: data).space == tricky)
        let future = Data(#"{"version": 2, "parameters": []}"#.utf8)
        #expect(
            throws: StudyError.unsupportedVersion(
                what: "the stored search space", found: 2, supported: 1)
        ) {
            try JSONDecoder().decode(StoredSearchSpace.self, from: future)
        }
    }
}
