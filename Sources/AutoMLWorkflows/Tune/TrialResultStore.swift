import Synchronization

/// The model trials' results that the study does not keep (out-of-fold predictions), by trial
/// number, shared between the executor's workers.
final class TrialResultStore: Sendable {
    private let results = Mutex<[Int: ModelTrialResult]>([:])

    func record(_ result: ModelTrialResult, for number: Int) {
        results.withLock { $0[number] = result }
    }

    var all: [Int: ModelTrialResult] { results.withLock { $0 } }
}
