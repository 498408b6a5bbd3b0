import AutoMLExecutor
import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLStorage
import AutoMLStudy
import AutoMLTestSupport
import AutoMLWorkflows
import Foundation
import Testing

@Suite struct StudyWorkflowTests {
    /// Opens the session of `request` in its storage (left open: the test process ends soon).
    func open(_ request: StudySession.Request) async throws -> StudySession {
        try await StudySession.open(request, in: try request.storage.open())
    }

    func write(_ text: String, name: String = "space.json") throws -> String {
        let path = scratchDirectory().appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("space files load as YAML or JSON through the search-space loader; errors name the file")
    func loadSpace() throws {
        let json = try write(
            #"{"parameters": {"x": {"type": "float", "low": -5, "high": 10}, "k": {"type": "categorical", "choices": ["a", "b"]}}}"#
        )
        let yaml = try write(
            "parameters:\n  x: {type: float, low: -5, high: 10}\n  k: {type: categorical, choices: [a, b]}\n",
            name: "space.yaml")
        let fromJSON = try SearchSpaceFile.load(json)
        #expect(fromJSON == (try SearchSpaceFile.load(yaml)))
        #expect(
            fromJSON.parameter(named: "x")?.domain
                == .float(low: -5, high: 10, log: false, step: nil))
        let bad = try write(#"{"parameters": {"x": {"type": "float", "low": 2, "high": 1}}}"#)
        #expect { try SearchSpaceFile.load(bad) } throws: { "\($0)".contains(bad) }
    }

    @Test("sessions create, continue, and refuse a different sampler or seed")
    func sessions() async throws {
        let location = StorageLocation.sqlite(path: scratchDatabase())
        let space = StudyStorageConformance.space
        let created = try await open(
            .init(name: "s", storage: location, space: space, seed: 4))
        #expect(
            !created.isResumed
                && created.study.record.sampler == SamplerSettings(name: "gp", seed: 4))
        try await created.study.tell(try await created.study.ask(), value: 1)
        let resumed = try await open(.init(name: "s", storage: location))
        #expect(resumed.isResumed && resumed.trialCountAtOpen == 1 && resumed.study.space == space)
        await #expect(throws: StudyError.self) {
            try await open(.init(name: "s", storage: location, seed: 5))
        }
        await #expect(throws: StudyWorkflowError.missingSpace(study: "new")) {
            try await open(.init(name: "new", storage: location))
        }
        #expect(throws: OptimizerError.self) {
            try SamplerCatalog.sampler(SamplerSettings(name: "annealing"))
        }
        #expect(
            try SamplerCatalog.sampler(SamplerSettings(name: "sobol", seed: 3)).settings
                == SamplerSettings(name: "sobol", seed: 3))
    }

    @Test("a model search is not continued on other data or by an external objective")
    func matchingAttributes() async throws {
        let location = StorageLocation.sqlite(path: scratchDatabase())
        let space = StudyStorageConformance.space
        func request(_ attributes: [String: String]) -> StudySession.Request {
            var request = StudySession.Request(
                name: "m", storage: location, space: space, attributes: attributes)
            request.matchingAttributes = ["target", "rows", "features"]
            return request
        }
        let iris = ["objective": "model", "target": "y", "rows": "150", "features": "a,b,c,d"]
        _ = try await open(request(iris))
        #expect(try await open(request(iris)).isResumed)
        // Another path to the same data is fine: the path is not compared.
        #expect(try await open(request(iris.merging(["data": "other/iris.csv"]) { $1 })).isResumed)
        await #expect(
            throws: StudyError.incompatibleStudy(
                name: "m", field: "rows", stored: "150", given: "30")
        ) {
            try await open(request(iris.merging(["rows": "30"]) { $1 }))
        }
        await #expect(
            throws: StudyError.incompatibleStudy(
                name: "m", field: "objective", stored: "model", given: "command")
        ) {
            try await open(
                .init(name: "m", storage: location, attributes: ["objective": "command"]))
        }
    }

    @Test("the CSV export quotes what needs quoting and leaves unknown values empty")
    func csvExport() async throws {
        let study = try await Study.create(
            name: "c", space: StudyStorageConformance.space, sampler: RandomSampler())
        let first = try await study.ask()
        try await study.tell(first, value: 0.5, metrics: ["note_count": 2])
        let second = try await study.ask()
        try await study.tell(second, failed: "bad, \"quoted\" reason")
        let csv = StudyExport(study: study.record, trials: try await study.trials).csv()
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(
            lines[0]
                == "number,state,value,params_gamma,params_kernel,params_n,params_x,metrics_cpu_seconds,metrics_note_count,started_at,finished_at,duration_seconds,reason"
                || lines[0]
                    == "number,state,value,params_gamma,params_kernel,params_n,params_x,metrics_note_count,started_at,finished_at,duration_seconds,reason"
        )
        #expect(lines[1].hasPrefix("0,complete,0.5,"))
        #expect(lines[2].hasPrefix("1,failed,,"))
        #expect(lines[2].hasSuffix(",\"bad, \"\"quoted\"\" reason\""))
    }

    @Test("progress reads as a bar on a terminal and as plain lines otherwise")
    func progressText() {
        let best = TrialRecord(
            number: 7, state: .complete, configuration: Configuration(), values: [0.0123])
        let progress = ExecutionProgress(
            finished: 12, started: 14, running: 2, budget: .trials(48), completed: 11, failed: 1,
            pruned: 0, best: best,
            elapsed: .seconds(12),
            lastTrial: TrialRecord(
                number: 13, state: .failed, configuration: Configuration(), failureReason: "boom"),
            isStopping: false)
        #expect(
            ProgressReporter.bar(progress)
                == "[██████░░░░░░░░░░░░░░░░░░] 12/48  best 0.0123 (#7)  elapsed 12s  ETA 36s  failed 1"
        )
        #expect(
            ProgressReporter.line(for: progress.lastTrial!, progress)
                == "trial 13 failed: boom | 12/48 best=0.0123 (#7) elapsed=12s eta=36s")
    }
}
