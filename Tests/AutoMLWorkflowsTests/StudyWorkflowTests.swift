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
    func write(_ text: String) throws -> String {
        let path = scratchDirectory().appendingPathComponent("space.json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a JSON space file loads every parameter kind, conditions and exact number kinds")
    func loadSpace() throws {
        let path = try write("""
            {"parameters": {
              "x": {"type": "float", "low": -5, "high": 10},
              "lr": {"type": "float", "low": 1e-4, "high": 1, "log": true},
              "depth": {"type": "int", "low": 1, "high": 12},
              "kernel": {"type": "categorical", "choices": ["rbf", "linear", 1, 2.0, true]},
              "gamma": {"type": "float", "low": 0.001, "high": 10, "log": true, "when": {"kernel": ["rbf"]}},
              "seed": {"type": "fixed", "value": 7}}}
            """)
        let space = try SearchSpaceFile.load(path)
        #expect(space.parameters.map(\.name) == ["depth", "kernel", "lr", "seed", "x", "gamma"])
        #expect(space.parameter(named: "lr")?.domain == .float(low: 1e-4, high: 1, log: true, step: nil))
        #expect(space.parameter(named: "depth")?.domain == .integer(low: 1, high: 12, log: false, step: 1))
        #expect(space.parameter(named: "kernel")?.domain == .categorical([.string("rbf"), .string("linear"), .integer(1), .real(2), .bool(true)]))
        #expect(space.parameter(named: "gamma")?.conditions == [Condition(parent: "kernel", values: [.string("rbf")])])
        #expect(space.parameter(named: "seed")?.domain == .fixed(.integer(7)))
    }

    @Test("bad space files are refused naming the parameter at fault")
    func badSpaces() throws {
        let cases = [
            (#"{"parameters": {"x": {"type": "float", "low": 2, "high": 1}}}"#, "'x'"),
            (#"{"parameters": {"x": {"type": "float", "low": 0, "high": 1, "log": true}}}"#, "'x'"),
            (#"{"parameters": {"k": {"type": "categorical", "choices": []}}}"#, "'k'"),
            (#"{"parameters": {"g": {"type": "float", "low": 0, "high": 1, "when": {"kernel": ["rbf"]}}}}"#, "'kernel'"),
            (#"{"parameters": {"z": {"type": "complex"}}}"#, "'z'"),
            (#"[1, 2]"#, "parameters"),
        ]
        for (text, mention) in cases {
            let path = try write(text)
            #expect {
                try SearchSpaceFile.load(path)
            } throws: { error in
                "\(error)".contains(mention) && "\(error)".contains(path)
            }
        }
    }

    @Test("sessions create, continue, and refuse a different sampler or seed")
    func sessions() async throws {
        let location = StorageLocation.sqlite(path: scratchDatabase())
        let space = StudyStorageConformance.space
        let created = try await StudySession.open(.init(name: "s", storage: location, space: space, seed: 4))
        #expect(!created.isResumed && created.study.record.sampler == SamplerSettings(name: "random", seed: 4))
        try await created.study.tell(try await created.study.ask(), value: 1)
        let resumed = try await StudySession.open(.init(name: "s", storage: location))
        #expect(resumed.isResumed && resumed.trialCountAtOpen == 1 && resumed.study.space == space)
        await #expect(throws: StudyError.self) { try await StudySession.open(.init(name: "s", storage: location, seed: 5)) }
        await #expect(throws: StudyWorkflowError.missingSpace(study: "new")) {
            try await StudySession.open(.init(name: "new", storage: location))
        }
        #expect(throws: StudyWorkflowError.self) { try SamplerCatalog.sampler(SamplerSettings(name: "annealing")) }
    }

    @Test("the CSV export quotes what needs quoting and leaves unknown values empty")
    func csvExport() async throws {
        let study = try await Study.create(name: "c", space: StudyStorageConformance.space, sampler: RandomSampler())
        let first = try await study.ask()
        try await study.tell(first, value: 0.5, metrics: ["note_count": 2])
        let second = try await study.ask()
        try await study.tell(second, failed: "bad, \"quoted\" reason")
        let csv = StudyReport(study: study.record, trials: try await study.trials).csv()
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "number,state,value,params_gamma,params_kernel,params_n,params_x,metrics_cpu_seconds,metrics_note_count,started_at,finished_at,duration_seconds,reason"
            || lines[0] == "number,state,value,params_gamma,params_kernel,params_n,params_x,metrics_note_count,started_at,finished_at,duration_seconds,reason")
        #expect(lines[1].hasPrefix("0,complete,0.5,"))
        #expect(lines[2].hasPrefix("1,failed,,"))
        #expect(lines[2].hasSuffix(",\"bad, \"\"quoted\"\" reason\""))
    }

    @Test("progress reads as a bar on a terminal and as plain lines otherwise")
    func progressText() {
        let best = TrialRecord(number: 7, state: .complete, configuration: Configuration(), values: [0.0123])
        let progress = ExecutionProgress(
            finished: 12, started: 14, running: 2, budget: .trials(48), completed: 11, failed: 1, pruned: 0, best: best,
            elapsed: .seconds(12), lastTrial: TrialRecord(number: 13, state: .failed, configuration: Configuration(), failureReason: "boom"),
            isStopping: false)
        #expect(ProgressReporter.bar(progress) == "[██████░░░░░░░░░░░░░░░░░░] 12/48  best 0.0123 (#7)  elapsed 12s  ETA 36s  failed 1")
        #expect(ProgressReporter.line(for: progress.lastTrial!, progress) == "trial 13 failed: boom | 12/48 best=0.0123 (#7) elapsed=12s eta=36s")
    }
}
