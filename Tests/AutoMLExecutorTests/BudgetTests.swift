import AutoMLExecutor
import Testing

@Suite struct BudgetTests {
    @Test("budgets read as trial counts or durations; nonsense is refused")
    func parsing() throws {
        #expect(try Budget(parsing: "100") == .trials(100))
        #expect(try Budget(parsing: "60s") == .time(.seconds(60)))
        #expect(try Budget(parsing: "5m") == .time(.seconds(300)))
        #expect(try Budget(parsing: "1h30m") == .time(.seconds(5400)))
        #expect(try Budget(parsing: "500ms") == .time(.milliseconds(500)))
        // Too long for `Duration` (it would overflow): refused, not a trap.
        let huge = ["99999999999999999999999", "99999999999999999999h", "1e999s", "200000000000m"]
        for bad in ["0", "-3", "", "abc", "5x", "m5", "1.5.2s"] + huge {
            #expect(throws: ExecutorError.invalidBudget(bad)) { try Budget(parsing: bad) }
        }
    }

    @Test("durations format back compactly")
    func formatting() {
        #expect(DurationText.format(.milliseconds(250)) == "250ms")
        #expect(DurationText.format(.seconds(30)) == "30s")
        #expect(DurationText.format(.seconds(245)) == "4m05s")
        #expect(DurationText.format(.seconds(3723)) == "1h02m03s")
        #expect(DurationText.parse("2.5") == .seconds(2.5))
        #expect(DurationText.parse("876000h") == .seconds(876_000 * 3600))
        #expect(DurationText.parse("877000h") == nil)
    }
}
