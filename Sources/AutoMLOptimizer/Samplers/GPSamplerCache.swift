import AutoMLNumerics
import Synchronization

/// Memo of the GP sampler's two expensive steps, shared by copies of one sampler.
///
/// Both steps are pure functions of the data, so the cache changes only the time a
/// suggestion takes, never the suggestion (but for a sampler that reuses recent fits, which
/// takes the latest fit instead of the exact one by design):
/// - **hyperparameter fits**, keyed by the exact data they were fitted on (inputs and losses
///   of the checkpoint's trials);
/// - **the latest fit of each kernel** (the one on the most model rows), which a sampler that
///   reuses recent fits (``GPSampler/reusesRecentFits``) takes instead of the exact one;
/// - **the kernel factor** of the last model of each kernel smoothness, reused for the rows it
///   shares with the next one (same hyperparameters, same leading inputs): the model appends
///   only the new blocks. One factor per smoothness, because the sampler alternates kernels.
///
/// Lookups and stores take a `Mutex`; computations run outside it, so concurrent suggestions
/// never wait on each other's fits (at worst they compute the same value twice).
final class GPSamplerCache: Sendable {
    /// What a hyperparameter fit depends on.
    struct FitKey: Hashable, Sendable {
        var inputs: [Double]
        var losses: [Double]
        /// A warm fit (from the last full fit) rather than a full one.
        var warm: Bool
        /// The kernel fitted.
        var smoothness: MaternKernel.Smoothness
    }

    private struct FactorEntry: Sendable {
        var hyperparameters: GPHyperparameters
        var inputs: [Double]
        var factor: Cholesky
    }

    private struct State: Sendable {
        var fits: [FitKey: ModelSettings] = [:]
        var fitOrder: [FitKey] = []
        var factors: [MaternKernel.Smoothness: FactorEntry] = [:]
        var recent: [MaternKernel.Smoothness: (rows: Int, settings: ModelSettings)] = [:]
        var storedFits = 0
    }

    /// Fits kept (the most recent ones).
    static let fitCapacity = 16

    private let state = Mutex(State())

    init() {}

    /// The cached fit for `key`, if any.
    func settings(for key: FitKey) -> ModelSettings? {
        state.withLock { $0.fits[key] }
    }

    /// How many fits were stored so far (each one computed).
    var storedFitCount: Int { state.withLock { $0.storedFits } }

    /// The fit of `smoothness` on the most model rows so far.
    func recentSettings(smoothness: MaternKernel.Smoothness) -> ModelSettings? {
        state.withLock { $0.recent[smoothness]?.settings }
    }

    /// Remembers a fit made at `rows` model rows, forgetting the oldest beyond
    /// ``fitCapacity``.
    func store(_ settings: ModelSettings, for key: FitKey, rows: Int) {
        state.withLock { state in
            state.storedFits += 1
            if rows >= state.recent[key.smoothness]?.rows ?? 0 {
                state.recent[key.smoothness] = (rows, settings)
            }
            if state.fits.updateValue(settings, forKey: key) == nil {
                state.fitOrder.append(key)
                if state.fitOrder.count > Self.fitCapacity {
                    state.fits.removeValue(forKey: state.fitOrder.removeFirst())
                }
            }
        }
    }

    /// The cached factor restricted to the leading rows whose inputs equal those of `inputs`
    /// (row-major, `dimension` per row), when it was built with `hyperparameters`.
    func factorPrefix(
        hyperparameters: GPHyperparameters, inputs: [Double], dimension: Int
    ) -> Cholesky? {
        guard let entry = state.withLock({ $0.factors[hyperparameters.smoothness] }),
            entry.hyperparameters == hyperparameters,
            dimension > 0
        else { return nil }
        let shared = min(entry.inputs.count, inputs.count) / dimension
        var rows = 0
        while rows < shared {
            let range = (rows * dimension)..<((rows + 1) * dimension)
            guard entry.inputs[range] == inputs[range] else { break }
            rows += 1
        }
        guard rows > 0 else { return nil }
        return try? entry.factor.leading(rows)
    }

    /// Remembers the factor of the latest model of its kernel.
    func storeFactor(_ factor: Cholesky, hyperparameters: GPHyperparameters, inputs: [Double]) {
        state.withLock {
            $0.factors[hyperparameters.smoothness] = FactorEntry(
                hyperparameters: hyperparameters, inputs: inputs, factor: factor)
        }
    }
}
