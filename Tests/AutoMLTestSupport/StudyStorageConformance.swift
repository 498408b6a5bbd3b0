import AutoML
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

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
        try await waitingTrialsRunFirst(try make())
        try await incrementalReadsSeeOnlyChanges(try make())
        try await staleTrialsAreReapedByStorageTime(try make())
        try await artifactsRoundTripAndFollowTheirStudy(try make())
        try await importedTrialsKeepEverything(try make())
        try await closingEndsUse(try make())
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
                        let started = try await storage.startTrials(2, in: "s", owner: nil) {
                            _, _ in
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
        let started = try await storage.startTrials(2, in: "f", owner: TrialOwner.current) {
            count, _ in
            #expect(count == 2)
            return [configuration, configuration]
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
        let before = try await storage.now()
        let started = try await storage.startTrials(1, in: "v", owner: owner) { _, _ in
            [configuration]
        }
        try await storage.recordIntermediateValue(0.5, step: 1, trial: 0, of: "v")
        try await storage.recordIntermediateValue(0.25, step: 2, trial: 0, of: "v")
        try await storage.recordIntermediateValue(0.3, step: 2, trial: 0, of: "v")
        try await storage.recordHeartbeat(trials: [0], of: "v")
        let running = try await storage.trial(0, of: "v")
        #expect(running.configuration == configuration)
        #expect(running.intermediateValues == [1: 0.5, 2: 0.3])
        #expect(running.owner == owner)
        // Timestamps are the storage's clock.
        let beat = try #require(running.heartbeatAt)
        #expect(beat >= running.startedAt && beat.timeIntervalSince(before) < 60)
        #expect(running.startedAt.timeIntervalSince(before) > -0.01)
        #expect(abs(running.startedAt.timeIntervalSince(started[0].startedAt)) < 0.001)
        try await storage.finishTrial(
            0, of: "v",
            as: TrialCompletion(
                state: .complete, values: [0.1], metrics: ["wall_seconds": 2, "bad": .nan],
                attributes: ["learner": "svm", "automl_version": "test"]))
        let done = try await storage.trial(0, of: "v")
        #expect(done.state == .complete)
        #expect(done.values == [0.1])
        #expect(done.metrics == ["wall_seconds": 2])
        #expect(done.attributes == ["learner": "svm", "automl_version": "test"])
        #expect(done.attributes[.learner] == "svm")
        let finished = try #require(done.finishedAt)
        #expect(finished >= beat && finished.timeIntervalSince(before) < 60)
        #expect(done.intermediateValues == [1: 0.5, 2: 0.3])
        let summary = try #require(try await storage.studySummaries().first)
        #expect(summary.trialCounts == [.complete: 1])
        #expect(summary.bestValue == 0.1)
    }

    static func deletingRemovesTrials(_ storage: any StudyStorage) async throws {
        try await storage.createStudy(record("d"))
        _ = try await storage.startTrials(1, in: "d", owner: nil) { _, _ in
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
        _ = try await storage.startTrials(1, in: "p", owner: nil) { _, _ in [configuration] }
        try await storage.finishTrial(0, of: "p", as: .failed("boom"))
        _ = try await storage.startTrials(1, in: "p", owner: nil) { _, _ in [configuration] }
        let seen = try await storage.startTrials(1, in: "p", owner: nil) { _, history in
            #expect(history.trials.map(\.state) == [.failed, .running])
            #expect(history.directions == [.minimize])
            return []
        }
        #expect(seen.isEmpty)
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await storage.startTrials(1, in: "p", owner: nil) { _, _ in throw Refused() }
        }
        #expect(try await storage.trials(of: "p").count == 2)
        // A sampler returning more than asked is cut to the count.
        let cut = try await storage.startTrials(1, in: "p", owner: nil) { _, _ in
            [configuration, configuration, configuration]
        }
        #expect(cut.map(\.number) == [2])
    }

    static func waitingTrialsRunFirst(_ storage: any StudyStorage) async throws {
        try await storage.createStudy(record("w"))
        let suggested = Configuration([
            "x": .real(0), "n": .integer(1), "kernel": .string("linear"),
        ])
        let given = Configuration(["x": .real(4), "n": .integer(9), "kernel": .string("linear")])
        _ = try await storage.startTrials(1, in: "w", owner: nil) { _, _ in [suggested] }
        let waiting = try await storage.enqueueTrial(
            in: "w", configuration: given, attributes: ["source": "user"])
        #expect(waiting.number == 1 && waiting.state == .waiting)
        let second = try await storage.enqueueTrial(in: "w", configuration: given, attributes: [:])
        #expect(second.number == 2)
        // The queue fills the first slots; the sampler is asked only for the rest and sees the
        // dequeued trials as running.
        let started = try await storage.startTrials(3, in: "w", owner: .current) { count, history in
            #expect(count == 1)
            #expect(history.trials.map(\.state) == [.running, .running, .running])
            return [suggested]
        }
        #expect(started.map(\.number) == [1, 2, 3])
        #expect(started.allSatisfy { $0.state == .running && $0.owner == .current })
        #expect(started[0].configuration == given && started[0].attributes == ["source": "user"])
        let stored = try await storage.trial(1, of: "w")
        #expect(stored.state == .running && stored.attributes["source"] == "user")
        // A full queue never calls the sampler.
        _ = try await storage.enqueueTrial(in: "w", configuration: given, attributes: [:])
        let queued = try await storage.startTrials(1, in: "w", owner: nil) { _, _ in
            Issue.record("the sampler was asked although a trial was waiting")
            return []
        }
        #expect(queued.map(\.number) == [4])
        await #expect(throws: StudyError.studyNotFound(name: "missing")) {
            try await storage.enqueueTrial(in: "missing", configuration: given, attributes: [:])
        }
    }

    static func incrementalReadsSeeOnlyChanges(_ storage: any StudyStorage) async throws {
        try await storage.createStudy(record("i"))
        let configuration = Configuration([
            "x": .real(1), "n": .integer(2), "kernel": .string("linear"),
        ])
        let all = try await storage.trialChanges(of: "i", after: nil)
        #expect(all.trials.isEmpty)
        _ = try await storage.startTrials(3, in: "i", owner: nil) { _, _ in
            [configuration, configuration, configuration]
        }
        let first = try await storage.trialChanges(of: "i", after: all.revision)
        #expect(first.trials.map(\.number) == [0, 1, 2])
        #expect(first.revision > all.revision)
        try await storage.finishTrial(1, of: "i", as: .complete([0.5]))
        let second = try await storage.trialChanges(of: "i", after: first.revision)
        #expect(second.trials.map(\.number) == [1])
        #expect(second.trials.first?.state == .complete)
        let none = try await storage.trialChanges(of: "i", after: second.revision)
        #expect(none.trials.isEmpty && none.revision == second.revision)
        #expect(try await storage.trialChanges(of: "i", after: nil).trials.count == 3)
        await #expect(throws: StudyError.studyNotFound(name: "missing")) {
            try await storage.trialChanges(of: "missing", after: nil)
        }
    }

    static func staleTrialsAreReapedByStorageTime(_ storage: any StudyStorage) async throws {
        try await storage.createStudy(record("r"))
        let configuration = Configuration([
            "x": .real(1), "n": .integer(2), "kernel": .string("linear"),
        ])
        // A dead process on this host (pid 2^22 + 1 is above Linux's pid limit), a live one (us),
        // a trial on another host, and one handed out by ask (no owner).
        let dead = TrialOwner(
            host: TrialOwner.current.host, processID: 4_194_305, processStart: 1,
            bootID: TrialOwner.current.bootID)
        let remote = TrialOwner(
            host: "elsewhere-\(UUID().uuidString)", processID: 7, processStart: 1, bootID: "b")
        _ = try await storage.startTrials(1, in: "r", owner: dead) { _, _ in [configuration] }
        _ = try await storage.startTrials(1, in: "r", owner: .current) { _, _ in [configuration] }
        _ = try await storage.startTrials(1, in: "r", owner: remote) { _, _ in [configuration] }
        _ = try await storage.startTrials(1, in: "r", owner: nil) { _, _ in [configuration] }
        let reaped = try await storage.failStaleTrials(of: "r", staleAfter: .seconds(300))
        #expect(reaped.map(\.number) == [0])
        #expect(reaped.first?.failureReason?.contains("is gone") == true)
        // The remote trial's heartbeat is fresh by the storage's clock; after a zero timeout it
        // is stale.
        try await Task.sleep(for: .milliseconds(20))
        let remoteReaped = try await storage.failStaleTrials(of: "r", staleAfter: .zero)
        #expect(remoteReaped.map(\.number) == [2])
        #expect(remoteReaped.first?.failureReason?.contains("no heartbeat") == true)
        let states = try await storage.trials(of: "r").map(\.state)
        #expect(states == [.failed, .running, .failed, .running])
        #expect(try await storage.failStaleTrials(of: "r", staleAfter: .zero).isEmpty)
        await #expect(throws: StudyError.trialNotRunning(study: "r", number: 0, state: .failed)) {
            try await storage.finishTrial(0, of: "r", as: .complete([1]))
        }
    }

    static func artifactsRoundTripAndFollowTheirStudy(_ storage: any StudyStorage) async throws {
        try await storage.createStudy(record("a"))
        try await storage.createStudy(record("b"))
        let configuration = Configuration([
            "x": .real(1), "n": .integer(2), "kernel": .string("linear"),
        ])
        _ = try await storage.startTrials(3, in: "a", owner: nil) { _, _ in
            [configuration, configuration, configuration]
        }
        _ = try await storage.startTrials(1, in: "b", owner: nil) { _, _ in [configuration] }
        let store = storage.artifacts
        let bytes = Data((0..<1000).map { UInt8($0 % 251) })
        try await store.put(bytes, named: "oof", trial: 0, of: "a")
        try await store.put(Data([1, 2, 3]), named: "oof", trial: 1, of: "a")
        try await store.put(Data([9]), named: "oof", trial: 1, of: "a")  // replaces
        try await store.put(Data([4]), named: "model", trial: 1, of: "a")
        try await store.put(Data([5]), named: "oof", trial: 0, of: "b")
        #expect(try await store.artifact(named: "oof", trial: 0, of: "a") == bytes)
        #expect(try await store.artifact(named: "oof", trial: 2, of: "a") == nil)
        #expect(
            try await store.artifacts(named: "oof", of: "a", trials: nil) == [
                0: bytes, 1: Data([9]),
            ])
        #expect(try await store.artifacts(named: "oof", of: "a", trials: [1, 2]) == [1: Data([9])])
        #expect(try await store.artifacts(named: "oof", of: "a", trials: []) == [:])
        #expect(
            try await store.summary(of: "a")
                == [
                    "oof": ArtifactSummary(count: 2, bytes: 1001),
                    "model": ArtifactSummary(count: 1, bytes: 1),
                ])
        #expect(try await store.deleteArtifacts(named: "oof", of: "a", except: [1]) == 1)
        #expect(try await store.artifacts(named: "oof", of: "a", trials: nil) == [1: Data([9])])
        #expect(try await store.artifact(named: "model", trial: 1, of: "a") == Data([4]))
        #expect(try await store.artifact(named: "oof", trial: 0, of: "b") == Data([5]))
        await #expect(throws: StudyError.trialNotFound(study: "a", number: 9)) {
            try await store.put(Data([1]), named: "oof", trial: 9, of: "a")
        }
        await #expect(throws: StudyError.studyNotFound(name: "missing")) {
            try await store.put(Data([1]), named: "oof", trial: 0, of: "missing")
        }
        try await storage.deleteStudy(named: "a")
        try await storage.createStudy(record("a"))
        _ = try await storage.startTrials(2, in: "a", owner: nil) { _, _ in
            [configuration, configuration]
        }
        #expect(try await store.artifacts(named: "oof", of: "a", trials: nil).isEmpty)
        #expect(try await store.summary(of: "a").isEmpty)
        #expect(try await store.artifact(named: "oof", trial: 0, of: "b") == Data([5]))
    }

    static func importedTrialsKeepEverything(_ storage: any StudyStorage) async throws {
        try await storage.createStudy(record("m"))
        let configuration = Configuration([
            "x": .real(1), "n": .integer(2), "kernel": .string("rbf"), "gamma": .real(0.5),
        ])
        _ = try await storage.startTrials(1, in: "m", owner: nil) { _, _ in [configuration] }
        let remote = TrialOwner(host: "elsewhere", processID: 12, processStart: 34, bootID: "b")
        let at = Date(timeIntervalSince1970: 1_700_000_100.25)
        let given = [
            TrialRecord(
                number: 40, state: .complete, configuration: configuration, values: [0.75],
                intermediateValues: [1: 0.5, 3: 0.25], metrics: ["wall_seconds": 1.5, "bad": .nan],
                attributes: ["learner": "svm"], startedAt: at,
                finishedAt: at.addingTimeInterval(2), owner: remote,
                heartbeatAt: at.addingTimeInterval(1)),
            TrialRecord(
                number: 41, state: .failed, configuration: configuration, values: [9],
                startedAt: at, finishedAt: at.addingTimeInterval(3), failureReason: "boom"),
            TrialRecord(
                number: 42, state: .pruned, configuration: configuration,
                intermediateValues: [1: 7], startedAt: at, finishedAt: at,
                failureReason: "pruned"),
            TrialRecord(
                number: 43, state: .waiting, configuration: configuration,
                attributes: ["source": "user"], startedAt: at),
        ]
        let before = try await storage.trialChanges(of: "m", after: nil).revision
        let stored = try await storage.importTrials(given, into: "m")
        // Numbered after the study's own trial, in the order given; everything else as given,
        // but values only for complete trials and finite metrics only.
        #expect(stored.map(\.number) == [1, 2, 3, 4])
        var expected = given
        for index in expected.indices { expected[index].number = index + 1 }
        expected[0].metrics = ["wall_seconds": 1.5]
        expected[1].values = nil
        #expect(stored == expected)
        let read = try await storage.trials(of: "m")
        #expect(Array(read.dropFirst()) == expected)
        #expect(read[0].state == .running)
        let changes = try await storage.trialChanges(of: "m", after: before)
        #expect(changes.trials.map(\.number) == [1, 2, 3, 4])
        // The imported waiting trial runs first; new trials number after the imported ones.
        let next = try await storage.startTrials(2, in: "m", owner: nil) { count, _ in
            #expect(count == 1)
            return [configuration]
        }
        #expect(next.map(\.number) == [4, 5])
        #expect(try await storage.importTrials([], into: "m").isEmpty)
        await #expect(throws: StudyError.studyNotFound(name: "missing")) {
            try await storage.importTrials(given, into: "missing")
        }
        try await storage.artifacts.put(Data([7]), named: "oof", trial: 1, of: "m")
        #expect(try await storage.artifacts.artifact(named: "oof", trial: 1, of: "m") == Data([7]))
    }

    static func closingEndsUse(_ storage: any StudyStorage) async throws {
        try await storage.createStudy(record("c"))
        try await storage.close()
        await #expect(throws: (any Error).self) { try await storage.study(named: "c") }
        try await storage.close()  // harmless
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

/// The PostgreSQL server of the tests: `AUTOML_TEST_POSTGRES` (a `postgres://` URL, e.g.
/// `postgres://postgres@127.0.0.1:5432/postgres`; `.ci/run` starts a server and sets it).
/// Tests that need it are enabled only when it is set and a server accepts connections there,
/// and say so when they are skipped.
public enum PostgresTestServer {
    /// Why PostgreSQL tests are skipped, shown by the test runner.
    public static let skipReason: Comment =
        "AUTOML_TEST_POSTGRES is not set or no PostgreSQL server answers at it (.ci/run starts one)"

    /// The URL, when set.
    public static let url: String? = ProcessInfo.processInfo.environment["AUTOML_TEST_POSTGRES"]

    /// Whether the URL is set and something accepts TCP connections at its host and port.
    public static let isAvailable: Bool = {
        guard let url, let location = try? PostgresLocation(parsing: url) else { return false }
        if location.isUnixSocket {
            return FileManager.default.fileExists(
                atPath: location.host + "/.s.PGSQL.\(location.port)")
        }
        return accepts(host: location.host, port: location.port)
    }()

    /// The server's URL with automl's tables in `schema` (created on first use).
    public static func url(schema: String) -> String {
        let base = url ?? "postgres://localhost/postgres"
        return base + (base.contains("?") ? "&" : "?") + "schema=" + schema
    }

    /// A new schema name, unique to one test.
    public static func scratchSchema() -> String {
        "automl_test_"
            + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
    }

    private static func accepts(host: String, port: Int) -> Bool {
        var hints = addrinfo()
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let first = found else {
            return false
        }
        defer { freeaddrinfo(first) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            let descriptor = socket(address.pointee.ai_family, address.pointee.ai_socktype, 0)
            if descriptor >= 0 {
                var timeout = timeval(tv_sec: 2, tv_usec: 0)
                setsockopt(
                    descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout,
                    socklen_t(MemoryLayout<timeval>.size))
                let connected = connect(
                    descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen)
                close(descriptor)
                if connected == 0 { return true }
            }
            entry = address.pointee.ai_next
        }
        return false
    }
}
