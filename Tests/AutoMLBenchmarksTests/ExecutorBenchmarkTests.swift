import AutoMLBenchmarks
import Testing

@Suite struct ExecutorBenchmarkTests {
    @Test("bench executor refuses a command that never succeeds instead of reporting 0 trials/s")
    func executorBenchmarkFailingCommand() async throws {
        let benchmark = ExecutorBenchmark(trials: 3, command: "echo oops; exit 3", commandTrials: 2)
        let error = await #expect(throws: BenchmarkError.self) { _ = try await benchmark.run() }
        guard case .commandNeverSucceeded(let command, let reason)? = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(command == "echo oops; exit 3" && reason.contains("3"), "\(reason)")
    }
}
