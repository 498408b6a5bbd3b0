import Dispatch
import Foundation
import Synchronization

/// Threads that live for one fit and share the parallel steps of histogram boosting
/// (per-feature histogram passes, per-row gradients) when `jobs > 1`.
///
/// A fit has thousands of short parallel steps (one per split), from microseconds to a
/// millisecond each. Waking a parked thread costs tens of microseconds on a VM, which ate the
/// whole gain with `DispatchQueue.concurrentPerform`. So, like OpenMP's default wait policy,
/// workers spin on the step counter for a short while after each step and park on a
/// semaphore only when no work came for ``spinDuration``. Items are claimed one at a time
/// from a shared counter, and the calling thread works too: a worker that is descheduled (a
/// busy machine) delays a step by one item at most, instead of by its whole share.
///
/// ``run(count:_:)`` calls `body(i)` exactly once for each `i` in `0 ..< count`, on whichever
/// thread claims it, and returns when all calls have returned. Each call must write only its
/// own outputs; the caller merges them in a fixed order, so results do not depend on the
/// thread count.
final class HistogramWorkerPool: @unchecked Sendable {
    /// How long an idle worker spins before it parks.
    static let spinDuration: UInt64 = 50_000  // nanoseconds

    /// Threads including the caller's.
    let jobs: Int
    /// The step being shared: generation (high 24 bits), item count (middle 20 bits) and the
    /// next item to claim (low 20 bits), in one word so a claim sees all three at once.
    private let claim = Atomic<UInt64>(0)
    private let completed = Atomic<Int>(0)
    private let exited = Atomic<Int>(0)
    private let isStopping = Atomic<Bool>(false)
    private let workers: [Worker]
    private var task: ((Int) -> Void)?
    private var generation: UInt64 = 0
    private var isShutDown = false

    private static let fieldBits: UInt64 = 20
    private static let fieldMask: UInt64 = (1 << fieldBits) - 1
    /// Most items one step can share (larger steps run in chunks).
    static let maximumItemCount = Int(fieldMask)

    /// One worker's parking place.
    private final class Worker: @unchecked Sendable {
        let isParked = Atomic<Bool>(false)
        let wake = DispatchSemaphore(value: 0)
    }

    /// Starts `jobs − 1` threads (none for one job).
    init(jobs: Int) {
        self.jobs = max(jobs, 1)
        workers = (1..<max(jobs, 1)).map { _ in Worker() }
        for (index, worker) in workers.enumerated() {
            let thread = Thread { [unowned self] in self.loop(worker) }
            thread.name = "gradient_boosting worker \(index + 1)"
            thread.start()
        }
    }

    deinit {
        shutDown()
    }

    /// Calls `body(i)` for each `i` in `0 ..< count`, spread over the threads, and waits for
    /// all of them.
    func run(count: Int, _ body: (Int) -> Void) {
        guard !workers.isEmpty, count > 1 else {
            for i in 0..<count { body(i) }
            return
        }
        var start = 0
        while start < count {
            let chunk = min(count - start, Self.maximumItemCount)
            let offset = start
            share(count: chunk) { body(offset + $0) }
            start += chunk
        }
    }

    /// Stops the threads and waits until they have left their loop.
    func shutDown() {
        guard !isShutDown else { return }
        isShutDown = true
        guard !workers.isEmpty else { return }
        isStopping.store(true, ordering: .sequentiallyConsistent)
        generation = (generation + 1) & ((1 << 24) - 1)
        claim.store(generation << (2 * Self.fieldBits), ordering: .sequentiallyConsistent)
        wakeParkedWorkers()
        while exited.load(ordering: .acquiring) < workers.count { sched_yield() }
    }

    // MARK: Steps

    private func share(count: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            task = body
            completed.store(0, ordering: .sequentiallyConsistent)
            generation = (generation + 1) & ((1 << 24) - 1)
            // Publishes `task` to every thread whose claim reads this value.
            claim.store(
                generation << (2 * Self.fieldBits) | UInt64(count) << Self.fieldBits,
                ordering: .sequentiallyConsistent)
            wakeParkedWorkers()
            while let item = claimItem(generation: generation) {
                body(item)
                completed.add(1, ordering: .releasing)
            }
            // Items claimed by workers may still be running.
            while completed.load(ordering: .acquiring) < count {}
            task = nil
        }
    }

    /// The next unclaimed item of step `generation`, or `nil` when the step has none left
    /// (or is over).
    private func claimItem(generation expected: UInt64) -> Int? {
        var value = claim.load(ordering: .acquiring)
        while true {
            let generation = value >> (2 * Self.fieldBits)
            let count = (value >> Self.fieldBits) & Self.fieldMask
            let next = value & Self.fieldMask
            guard generation == expected, next < count else { return nil }
            let (exchanged, original) = claim.compareExchange(
                expected: value, desired: value + 1, ordering: .acquiringAndReleasing)
            if exchanged { return Int(next) }
            value = original
        }
    }

    private func wakeParkedWorkers() {
        for worker in workers
        where worker.isParked.compareExchange(
            expected: true, desired: false, ordering: .sequentiallyConsistent
        ).exchanged {
            worker.wake.signal()
        }
    }

    private func loop(_ worker: Worker) {
        var seen: UInt64 = 0
        while true {
            var current = claim.load(ordering: .acquiring) >> (2 * Self.fieldBits)
            var spins = 0
            var spinStart = DispatchTime.now().uptimeNanoseconds
            while current == seen {
                spins &+= 1
                if spins & 255 == 0,
                    DispatchTime.now().uptimeNanoseconds - spinStart > Self.spinDuration
                {
                    park(worker, seen: seen)
                    spinStart = DispatchTime.now().uptimeNanoseconds
                }
                current = claim.load(ordering: .acquiring) >> (2 * Self.fieldBits)
            }
            seen = current
            if isStopping.load(ordering: .acquiring) {
                exited.add(1, ordering: .releasing)
                return
            }
            // A claimed item keeps its step open, so `task` is that step's until it returns.
            while let item = claimItem(generation: current) {
                perform(item)
                completed.add(1, ordering: .releasing)
            }
        }
    }

    @inline(never)
    private func perform(_ item: Int) {
        task?(item)
    }

    /// Sleeps until a new step or ``shutDown()`` is published. The flag is raised before the
    /// step counter is read again, and the publisher writes the counter before it looks at the
    /// flag (both sequentially consistent), so no wake-up is lost.
    private func park(_ worker: Worker, seen: UInt64) {
        worker.isParked.store(true, ordering: .sequentiallyConsistent)
        if claim.load(ordering: .sequentiallyConsistent) >> (2 * Self.fieldBits) != seen,
            worker.isParked.compareExchange(
                expected: true, desired: false, ordering: .sequentiallyConsistent
            )
            .exchanged
        {
            return  // work arrived before anyone saw the flag
        }
        worker.wake.wait()
    }
}
