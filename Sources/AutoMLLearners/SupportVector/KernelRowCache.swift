import Foundation

/// A least-recently-used cache of kernel matrix rows under a byte budget (libsvm's `Cache`,
/// Chang & Lin 2011, §5.1 and `svm.cpp`).
///
/// Row `i` is stored as `Float`s (libsvm's `Qfloat`), and only as far as it was requested: a
/// row asked for with length `len` holds columns `0..<len`. When SMO shrinks the problem it asks
/// for shorter rows, so the budget covers more of them. The budget always admits at least two
/// full rows, so the two rows of one SMO step never evict each other.
///
/// Owns C memory (one `malloc`ed block per cached row), hence a final class; not thread-safe.
final class KernelRowCache {
    private let count: Int
    /// Free space in `Float`s.
    private var available: Int
    /// Per index: the row's storage (or nil) and how many columns it holds.
    private let data: UnsafeMutablePointer<UnsafeMutablePointer<Float>?>
    private let lengths: UnsafeMutablePointer<Int>
    /// Doubly linked LRU list over indices, with the sentinel `count`; `next` of the sentinel is
    /// the least recently used row.
    private let previous: UnsafeMutablePointer<Int>
    private let next: UnsafeMutablePointer<Int>

    /// A cache for an `count × count` matrix holding at most about `bytes` bytes of rows.
    init(count: Int, bytes: Double) {
        self.count = count
        let budget = bytes / Double(MemoryLayout<Float>.size)
        // libsvm also charges the per-row bookkeeping against the budget.
        let bookkeeping =
            Double(count * (MemoryLayout<Int>.size * 3 + 8)) / Double(MemoryLayout<Float>.size)
        let floats = budget - bookkeeping
        available = max(
            floats.isFinite && floats < Double(Int.max / 2) ? Int(floats) : Int.max / 2, 2 * count)
        data = .allocate(capacity: count)
        data.initialize(repeating: nil, count: count)
        lengths = .allocate(capacity: count)
        lengths.initialize(repeating: 0, count: count)
        previous = .allocate(capacity: count + 1)
        next = .allocate(capacity: count + 1)
        previous[count] = count
        next[count] = count
    }

    deinit {
        for i in 0..<count { free(data[i]) }
        data.deallocate()
        lengths.deallocate()
        previous.deallocate()
        next.deallocate()
    }

    private func unlink(_ i: Int) {
        next[previous[i]] = next[i]
        previous[next[i]] = previous[i]
    }

    private func linkAsNewest(_ i: Int) {
        next[i] = count
        previous[i] = previous[count]
        next[previous[i]] = i
        previous[count] = i
    }

    private func drop(_ i: Int) {
        unlink(i)
        free(data[i])
        data[i] = nil
        available += lengths[i]
        lengths[i] = 0
    }

    /// Row `index` with room for `length` columns, and how many leading columns already hold
    /// values: the caller fills `filled..<length`. The pointer stays valid until the next call
    /// that asks for a row not among the two most recent ones, or until ``swapIndex(_:_:)``.
    func row(_ index: Int, length: Int) -> (row: UnsafeMutablePointer<Float>, filled: Int) {
        var filled = lengths[index]
        if filled > 0 { unlink(index) }
        let more = length - filled
        if more > 0 {
            while available < more {
                let oldest = next[count]
                drop(oldest)
            }
            // `drop` may have freed this very row if it was listed; it is unlinked, so it was not.
            guard let grown = realloc(data[index], MemoryLayout<Float>.stride * length) else {
                fatalError("KernelRowCache: out of memory for a row of \(length) floats")
            }
            data[index] = grown.assumingMemoryBound(to: Float.self)
            available -= more
            lengths[index] = length
        } else {
            filled = length
        }
        linkAsNewest(index)
        // A non-nil pointer exists here: either it was just allocated or `filled ≥ length > 0`.
        return (data[index].unsafelyUnwrapped, filled)
    }

    /// Exchanges indices `i` and `j` everywhere: their rows, and columns `i` and `j` of every
    /// cached row (a row that holds `i` but not `j` is dropped, as in libsvm).
    func swapIndex(_ i: Int, _ j: Int) {
        guard i != j else { return }
        if lengths[i] > 0 { unlink(i) }
        if lengths[j] > 0 { unlink(j) }
        swap(&data[i], &data[j])
        swap(&lengths[i], &lengths[j])
        if lengths[i] > 0 { linkAsNewest(i) }
        if lengths[j] > 0 { linkAsNewest(j) }
        let low = min(i, j)
        let high = max(i, j)
        var h = next[count]
        while h != count {
            let following = next[h]
            if lengths[h] > low {
                if lengths[h] > high {
                    if let row = data[h] { row.swapAt(low, high) }
                } else {
                    drop(h)
                }
            }
            h = following
        }
    }
}

extension UnsafeMutablePointer {
    @inline(__always)
    fileprivate func swapAt(_ a: Int, _ b: Int) {
        let t = self[a]
        self[a] = self[b]
        self[b] = t
    }
}
