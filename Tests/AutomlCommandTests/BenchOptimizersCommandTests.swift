import AutoMLTestSupport
import Foundation
import Testing

@Suite(.serialized) struct BenchOptimizersCommandTests {
    @Test(
        "bench optimizers --json prints one row per sampler at the budget, plus the overhead rows")
    func jsonRows() throws {
        let outcome = try CommandRunner.run([
            "bench", "optimizers", "--functions", "branin", "--budget", "10", "--seeds", "2",
            "--samplers", "random,sobol",
            "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let rows = try #require(
            JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8))
                as? [[String: Any]])
        let regret = rows.filter { $0["kind"] as? String == "regret" }
        #expect(regret.count == 2)
        for row in regret {
            #expect(row["function"] as? String == "branin")
            #expect(row["evaluations"] as? Int == 10)
            #expect(row["seeds"] as? Int == 2)
            let median = try #require(row["median_log10_regret"] as? Double)
            #expect(median > -12 && median < 3)
            #expect(row["iqr_log10_regret"] as? Double ?? -1 >= 0)
            #expect(row["seconds_per_suggestion"] as? Double ?? -1 >= 0)
        }
        #expect(Set(regret.compactMap { $0["sampler"] as? String }) == ["random", "sobol"])
        let overhead = rows.filter { $0["kind"] as? String == "overhead" }
        #expect(
            overhead.compactMap { $0["observations"] as? Int } == [
                50, 100, 200, 500, 1000, 50, 100, 200, 500, 1000,
            ])
    }

    @Test("the text form is the anchors' Markdown layout")
    func table() throws {
        let outcome = try CommandRunner.run([
            "bench", "optimizers", "--functions", "hartmann6", "--budget", "25", "--seeds", "2",
            "--samplers", "sobol",
            "--observations", "50",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("## hartmann6"))
        #expect(
            outcome.standardOutput.contains(
                "| optimizer | seeds | @25 median (IQR) | s/suggestion |"))
        #expect(outcome.standardOutput.contains("| sobol | 2 | "))
        #expect(outcome.standardOutput.contains("| optimizer | n=50 |"))

        let batched = try CommandRunner.run([
            "bench", "optimizers", "--functions", "hartmann6", "--budget", "25", "--seeds", "2",
            "--samplers", "sobol", "--batch", "4", "--observations", "none",
        ])
        #expect(batched.status == 0, "\(batched.standardError)")
        #expect(batched.standardOutput.contains("| sobol, batches of 4 | 2 | "))
    }

    @Test("bad budgets, seeds and names are refused with a message naming the flag")
    func badFlags() throws {
        for (arguments, flag) in [
            (["--budget", "0"], "--budget"), (["--seeds", "-1"], "--seeds"),
            (["--batch", "0"], "--batch"),
            (["--samplers", "random,tpe"], "tpe"),
            (["--functions", "sphere"], "sphere"), (["--observations", "ten"], "--observations"),
        ] {
            let outcome = try CommandRunner.run(["bench", "optimizers"] + arguments)
            #expect(outcome.status != 0, "\(arguments)")
            #expect(outcome.standardError.contains(flag), "\(arguments): \(outcome.standardError)")
            #expect(outcome.standardOutput.isEmpty)
        }
    }
}
