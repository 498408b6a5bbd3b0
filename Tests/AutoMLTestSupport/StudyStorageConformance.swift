import AutoML
import Foundation
import Testing

/// The behaviour every ``StudyStorage`` must show, checked the same way for each implementation:
///
/// ```swift
/// @Test func conforms() async throws {
///     try await StudyStorageConformance.check { try SQLiteStorage(path: scratchDatabase()) }
/// }
/// ```
///
/// `make` must return a new, empty storage each call.
public enum StudyStorageConformance {
    /// A two-parameter space with a float that must come back as a real and an integer.
    public static let space = SearchSpace(unordered: [
        Parameter(name: "x", domain: .float(low: -5, high: 5, log: false, step: nil)),
        Parameter(name: "n", domain: .integer(low: 1, high: 9, log: false, step: 1)),
        Parameter(name: "kernel", domain: .categorical([.string("rbf"), .string("linear")])),
        Parameter(
            name: "gamma", domain: .float(low: 1e-3, high: 10, log: true, step: nil),
            conditions: [Condition(parent: "kernel", values: [.string("rbf")])]),
    ])

    public static func check(_ make: @Sendable () throws -> any StudyStorage) async throws {
        try await studiesAreCreatedOnceAndListed(try make())
        try await trialNumbersAreDistinctUnderConcurrency(try make())
        try await finishingIsOnceAndOnlyWhileRunning(try make())
        try await valuesAndMetadataRoundTrip(try make())
        try await deletingRemovesTrials(try make())
        try await suggestSeesRunningTrials(try make())
    }

    public static func record(_ name: String, directions: [StudyDirection] = [.minimize])
        -> StudyRecord
    {
        StudyRecord(
            name: name, directions: directions, space: space,
            sampler: SamplerSettings(name: "random", seed: 7),
            attributes: ["objective": "test"], createdAt: Date(timeIntervalSince1970: 1_700_000_000)
        )
    }

    static func studiesAreCreatedOnceAndListed(_ storage: any StudyStorage) async throws {
        try await storage.createStudy(record("b"))
        try await storage.createStudy(record("a", directions: [.maximize]))
        await #expect(throws: StudyError.studyExists(name: "a")) {
            try await storage.createStudy(record("a"))
        }
        await #expect(throws: StudyError.invalidStudyName("")) {
            try await storage.createStudy(record(""))
        }
        let a = try #require(try await storage.study(named: "a"))
        #expect(a == record("a", directions: [.maximize]))
        #expect(try await storage.study(named: "missing") == nil)
        let summaries = try await storage.studySummaries()
        #expect(summaries.map(\.name) == ["a", "b"])
        #expect(summaries.allSatisfy { $0.trialCount == 0 && $0.bestValue == nil })
        await #expect(throws: StudyError.studyNotFound(name: "missing")) {
            try await storage.trials(of: "missing")
        }
    }

    static func trialNumbersAreDistinctUnderConcurrency(_ storage: any StudyStorage) async throws {
        try await storage.createStudy(record("s"))
        let configuration = Configuration([
            "x": .real(1), "n": .integer(2), "kernel": .string("linear"),
        ])
        try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var numbers: [Int] = []
                    for _ in 0..<5 {
                        let started = try await storage.startTrials(in: "s", owner: nil) { _ in
                            [configuration, configuration]
                        }
                        numbers += started.map(\.number)
                    }
                    return numbers
                }
            }
            var all: [Int] = []
            for try await numbers in group { all += numbers }
            #expect(all.sorted() == Array(0..<80))
        }
        let trials = try await storage.trials(of: "s")
        #expect(trials.map(\.number) == Array(0..<80))
        #expect(trials.allSatisfy { $0.state == .running && $0.configuration == configuration })
    }

    static func finishingIsOnceAndOnlyWhileRunning(_ storage: any StudyStorage) async throws {
        try await storage.createStudy(record("f"))
        let configuration = Configuration([
            "x": .real(0.5), "n": .integer(3), "kernel": .string("linear"),
        ])
        let started = try await storage.startTrials(in: "f", owner: TrialOwner.current) { _ in
            [configuration, configuration]
        }
        #expect(started.map(\.number) == [0, 1])
        #expect(started.allSatisfy { $0.owner == TrialOwner.current })
        try await storage.finishTrial(
            0, of: "f", as: .complete([1.5], metrics: ["cpu_seconds": 0.25]))
        await #expect(throws: StudyError.trialNotRunning(study: "f", number: 0, state: .complete)) {
            try await storage.finishTrial(0, of: "f", as: .failed("late"))
        }
        await #expect(throws: StudyError.trialNotFound(study: "f", number: 9)) {
            try await storage.finishTrial(9, of: "f", as: .failed("no such trial"))
        }
        await #expect(throws: StudyError.trialNotRunning(study: "f", number: 0, state: .complete)) {
            try await storage.recordIntermediateValue(1, step: 1, trial: 0, of: "f")
        }
        // Concurrent finishes of one trial: exactly one wins.
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<6 {
                group.addTask {
                    do {
                        try await storage.finishTrial(1, of: "f", as: .failed("attempt \(index)"))
                        return true
                    } catch StudyError.trialNotRunning {
                        return false
                    }
                }
            }
            var wins = 0
            for try await won in group where won { wins += 1 }
            return wins
        }
        #expect(outcomes == 1)
        let trial = try await storage.trial(1, of: "f")
        #expect(trial.state == .failed)
        #expect(trial.failureReason?.hasPrefix("attempt") == true)
        #expect(trial.values == nil)
    }

    static func valuesAndMetadataRoundTrip(_ storage: any StudyStorage) async throws {
        try await storage.createStudy(record("v"))
        // 1.0 must come back as a real and 4.0 as an integer, whatever JSON makes of them.
        let configuration = Configuration([
            "x": .real(1.0), "n": .integer(4), "kernel": .string("rbf"), "gamma": .real(0.125),
        ])
        let owner = TrialOwner(host: "elsewhere", processID: 4242, processStart: 99, bootID: "boot")
        let started = try await storage.startTrials(in: "v", owner: owner) { _ in [configuration] }
        try await storage.recordIntermediateValue(0.5, step: 1, trial: 0, of: "v")
        try await storage.recordIntermediateValue(0.25, step: 2, trial: 0, of: "v")
        try await storage.recordIntermediateValue(0.3, step: 2, trial: 0, of: "v")
        let beat = Date(timeIntervalSince1970: 1_800_000_000)
        try await storage.recordHeartbeat(trials: [0], of: "v", at: beat)
        let running = try await storage.trial(0, of: "v")
        #expect(running.configuration == configuration)
        #expect(running.intermediateValues == [1: 0.5, 2: 0.3])
        #expect(running.owner == owner)
        #expect(running.heartbeatAt == beat)
        #expect(abs(running.startedAt.timeIntervalSince(started[0].startedAt)) < 0.001)
        let finished = Date(timeIntervalSince1970: 1_800_000_100)
        try await storage.finishTrial(
            0, of: "v",
            as: TrialCompletion(
                state: .complete, values: [0.1], metrics: ["wall_seconds": 2], finishedAt: finished)
        )
        let done = try await storage.trial(0, of: "v")
        #expect(done.state == .complete)
        #expect(done.values == [0.1])
        #expect(done.metrics == ["wall_seconds": 2])
        #expect(done.finishedAt == finished)
        #expect(done.intermediateValues == [1: 0.5, 2: 0.3])
        let summary = try #require(try await storage.studySummaries().first)
        #expect(summary.trialCounts == [.complete: 1])
        #expect(summary.bestValue == 0.1)
    }

    static func deletingRemovesTrials(_ storage: any StudyStorage) async throws {
        try await storage.createStudy(record("d"))
        _ = try await storage.startTrials(in: "d", owner: nil) { _ in
            [Configuration(["x": .real(0)])]
        }
        try await storage.deleteStudy(named: "d")
        #expect(try await storage.study(named: "d") == nil)
        await #expect(throws: StudyError.studyNotFound(name: "d")) {
            try await storage.deleteStudy(named: "d")
        }
        try await storage.createStudy(record("d"))
        #expect(try await storage.trials(of: "d").isEmpty)
    }

    static func suggestSeesRunningTrials(_ storage: any StudyStorage) async throws {
        try await storage.createStudy(record("p"))
        let configuration = Configuration([
            "x": .real(2), "n": .integer(1), "kernel": .string("linear"),
        ])
        _ = try await storage.startTrials(in: "p", owner: nil) { _ in [configuration] }
        try await storage.finishTrial(0, of: "p", as: .failed("boom"))
        _ = try await storage.startTrials(in: "p", owner: nil) { _ in [configuration] }
        let seen = try await storage.startTrials(in: "p", owner: nil) { history in
            #expect(history.trials.map(\.state) == [.failed, .running])
            #expect(history.directions == [.minimize])
            return []
        }
        #expect(seen.isEmpty)
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await storage.startTrials(in: "p", owner: nil) { _ in throw Refused() }
        }
        #expect(try await storage.trials(of: "p").count == 2)
    }
}

/// A fresh SQLite file path in a new temporary directory.
public func scratchDatabase() -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "automl-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent("studies.db").path
}

/// A fresh temporary directory.
public func scratchDirectory() -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "automl-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}
