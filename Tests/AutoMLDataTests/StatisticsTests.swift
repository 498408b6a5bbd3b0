import AutoMLNumerics
import AutoMLTestSupport
import Testing

@testable import AutoMLData

@Suite struct StatisticsTests {
    /// The median by sorting, the definition the selection must match.
    private func sortedMedian(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    @Test("the median of small hand examples")
    func handExamples() {
        #expect(Statistics.median([3]) == 3)
        #expect(Statistics.median([4, 1]) == 2.5)
        #expect(Statistics.median([5, 1, 3]) == 3)
        #expect(Statistics.median([7, 1, 3, 5]) == 4)
        #expect(Statistics.median([2, 2, 2, 2, 2]) == 2)
        #expect(Statistics.median([-1, 10, -1, 10]) == 4.5)
    }

    @Test("selection agrees with sorting on random, tied, sorted and reversed arrays")
    func agreesWithSorting() {
        var random = RandomSource(seed: 12)
        for count in [1, 2, 3, 10, 101, 1000, 4096, 4097, 40_000, 40_001] {
            let normal = (0..<count).map { _ in random.normal() }
            let ties = (0..<count).map { _ in Double(random.integer(below: 4)) }
            let ascending = (0..<count).map(Double.init)
            for values in [normal, ties, ascending, Array(ascending.reversed())] {
                #expect(Statistics.median(values) == sortedMedian(values), "count \(count)")
            }
        }
    }

    @Test("a periodic array that fools the sample still gets the right median")
    func samplingFallback() {
        // The sample takes every 8th value, all 10⁶; the true median is among the small values.
        let values = (0..<8192).map { $0 % 8 == 0 ? 1e6 : Double($0 % 5) }
        #expect(Statistics.median(values) == sortedMedian(values))
        let odd = Array(values.dropLast())
        #expect(Statistics.median(odd) == sortedMedian(odd))
    }
}
