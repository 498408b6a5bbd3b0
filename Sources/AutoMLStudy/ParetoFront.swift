/// The non-dominated items of a set under several losses (lower is better in every one):
/// an item is on the front when no other item is at least as good in every loss and strictly
/// better in one.
///
/// ```swift
/// let front = ParetoFront(candidates) { [$0.error, $0.latency, $0.bytes] }
/// front.members            // sorted by the first loss, then the next
/// front.hypervolume(reference: [1, 0.2, 1e7])
/// ```
///
/// The one home of fronts: multi-objective studies, the model search's trade-off front and
/// the profiles all use it. Items with a NaN loss are left out. O(n² m) for n items and m losses.
public struct ParetoFront<Item: Sendable>: Sendable {
    /// The front's items, sorted by their losses (the first loss, then the next, …).
    public let members: [Item]
    /// The losses of each member, in the same order.
    public let losses: [[Double]]

    /// The front of `items` under the losses `loss` gives (every item the same count).
    public init(_ items: some Sequence<Item>, losses loss: (Item) -> [Double]) {
        let all = items.map { ($0, loss($0)) }.filter { !$0.1.contains(where: \.isNaN) }
        var kept: [(Item, [Double])] = []
        for (index, candidate) in all.enumerated() {
            let dominated = all.enumerated().contains { other, entry in
                other != index && Self.dominates(entry.1, candidate.1)
            }
            if !dominated { kept.append(candidate) }
        }
        kept.sort { a, b in a.1.lexicographicallyPrecedes(b.1) }
        members = kept.map(\.0)
        losses = kept.map(\.1)
    }

    /// Whether losses `a` dominate `b`: no worse in any, better in at least one.
    public static func dominates(_ a: [Double], _ b: [Double]) -> Bool {
        guard a.count == b.count else { return false }
        var strictlyBetter = false
        for (x, y) in zip(a, b) {
            if x > y { return false }
            if x < y { strictlyBetter = true }
        }
        return strictlyBetter
    }

    /// Whether the front has no member.
    public var isEmpty: Bool { members.isEmpty }

    /// The volume of loss space the front dominates up to `reference` (a point worse than every
    /// member in every loss; members not below it in every loss add nothing). Exact, by slicing
    /// along the last loss (Hypervolume by Slicing Objectives, While et al. 2006): O(n^m) in the
    /// worst case, fine for the fronts of a study (tens of points, two or three losses).
    public func hypervolume(reference: [Double]) -> Double {
        let points = losses.filter { point in
            point.count == reference.count && zip(point, reference).allSatisfy { $0 < $1 }
        }
        return Self.volume(points, reference: reference)
    }

    private static func volume(_ points: [[Double]], reference: [Double]) -> Double {
        guard !points.isEmpty else { return 0 }
        let m = reference.count
        // `points` is not empty, so the fallback is never used.
        if m == 1 { return reference[0] - (points.map { $0[0] }.min() ?? reference[0]) }
        // Sweep along the last loss: between consecutive levels, the dominated slice is the
        // (m − 1)-dimensional volume of the points at or below the level.
        let sorted = points.sorted { $0[m - 1] < $1[m - 1] }
        var total = 0.0
        var active: [[Double]] = []
        for (index, point) in sorted.enumerated() {
            active.append(Array(point.prefix(m - 1)))
            let next = index + 1 < sorted.count ? sorted[index + 1][m - 1] : reference[m - 1]
            let depth = next - point[m - 1]
            guard depth > 0 else { continue }
            let base = ParetoFront<[Double]>(active) { $0 }.losses
            total += depth * volume(base, reference: Array(reference.prefix(m - 1)))
        }
        return total
    }
}
