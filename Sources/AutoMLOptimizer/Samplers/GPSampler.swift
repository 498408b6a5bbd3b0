import AutoMLNumerics
import AutoMLSearchSpace
import AutoMLStudy
import Foundation

/// Bayesian optimization with a Gaussian-process surrogate: the sampler that finds good
/// configurations in the fewest trials.
///
/// Each suggestion, after an initial design:
/// 1. **Encode** the complete trials into the unit cube (``UnitCubeEncoding``: log scales,
///    one-hot categoricals, relaxed integers, inactive conditionals at 0.5) and **transform**
///    their losses (``OutputTransform``: a shifted Box–Cox transform, then standardization;
///    four choices of power and shift, the one whose warped GP explains the losses best).
/// 2. **Fit** a ``GaussianProcess`` with a Matérn ARD kernel, 5/2 and 3/2 in turn by count
///    of finished trials (``Kernels``; one of them throughout for `gp-matern52`, `gp-matern32`):
///    hyperparameters by maximum a posteriori (``HyperparameterFitter``: analytic gradients,
///    GSL BFGS2) at *checkpoints* — every trial up to 64 complete ones, then each time the
///    count grows by 7 % — on at most
///    ``fitSampleLimit`` trials. A full fit (four output transforms, two starts) runs at
///    major checkpoints (every count up to 16, then each +40 %); the others run one BFGS from
///    the last full fit. Between checkpoints the hyperparameters are kept and the kernel
///    factor grows block by block from the cached one.
///    The model's constant prior mean is the worst transformed loss seen (De Ath et al. 2020),
///    so regions far from every trial are not taken for average ones.
/// 3. **Condition** on running trials as pending points (*kriging believer*: a fantasy value
///    equal to the posterior mean, one row of the factor each), so parallel workers spread out.
/// 4. **Maximize** the acquisition (``AcquisitionFunction``, log EI by default) plus the log
///    probability of feasibility when trials have failed (``FeasibilityEstimate``) with the
///    ``AcquisitionOptimizer``: 2048 scrambled Sobol and perturbed candidates, then BFGS on continuous
///    coordinates and single-step discrete moves.
/// 5. **Skip duplicates**: the best-scored configuration not already tried, running or
///    suggested is returned (a random untried one if all candidates were tried; a repeat only
///    when the space is exhausted). For a batch of `q`, the pick becomes a fantasy and step 4
///    repeats.
///
/// The initial design is the scrambled Sobol sequence (``SobolSequence``) of
/// ``defaultInitialDesignSize(parameterCount:)`` points (5 to 20 by dimension); it continues
/// while fewer than two trials have completed.
///
/// Failed trials enter the model at the worst complete loss and lower the score near them
/// (``FeasibilityEstimate``). A study with several objectives is modelled through a random
/// augmented Chebyshev scalarization per call (``ParEGOScalarization``), so suggestions spread
/// along the Pareto front.
///
/// Deterministic: suggestions depend only on the seed, the space and the history (the
/// internal cache only saves time). With several workers on one study, the model is fitted
/// before the storage's lock is taken (``prepare(in:history:)``), so the workers fit in
/// parallel and only conditioning and the maximization run inside it.
///
/// An `automl worker`'s sampler (``reusingRecentFits()``) goes further: it refits while its
/// trials run (``refit(in:history:)``) and, between them, takes the latest fit instead of the
/// exact one, so asking only grows the kernel factor. That fit is at most one refit behind
/// (a worker starts a refit only once the last one is done), and its suggestions depend on
/// when the refits ran as well as on the history.
///
/// Should the model fail numerically even after jitter escalation, that slot falls back to a
/// random configuration.
public struct GPSampler: Sampler {
    /// `gp` (the kernels in turn), `gp-matern52` or `gp-matern32` (one kernel throughout);
    /// stored with a study, so a continued study gets the same kernels.
    public var name: String { kernels.samplerName }
    /// Seed of the initial design, the candidate sets and the perturbations.
    public let seed: UInt64
    /// The acquisition function maximized.
    public let acquisition: AcquisitionFunction
    /// The surrogate's Matérn kernel at each suggestion (alternating 5/2 and 3/2 by default).
    public let kernels: Kernels

    /// Which Matérn kernel the surrogate uses at each suggestion.
    public enum Kernels: Sendable, Equatable {
        /// Matérn-5/2 after an even count of finished trials, Matérn-3/2 after an odd one (the
        /// default, `gp`).
        case alternating
        /// Matérn-5/2 throughout (`gp-matern52`).
        case matern52
        /// Matérn-3/2 throughout (`gp-matern32`).
        case matern32

        /// The kernel of a suggestion asked for when `finished` trials have finished (for one
        /// worker, the number of the trial it gets): a pure function of the history, as
        /// everything else, and the same for a prepared fit and the suggestion that uses it
        /// (``prepare(in:history:)``).
        public func smoothness(afterFinished finished: Int) -> MaternKernel.Smoothness {
            switch self {
            case .alternating: finished % 2 == 0 ? .fiveHalves : .threeHalves
            case .matern52: .fiveHalves
            case .matern32: .threeHalves
            }
        }

        /// The sampler's name in the catalog and in stored studies.
        var samplerName: String {
            switch self {
            case .alternating: "gp"
            case .matern52: "gp-matern52"
            case .matern32: "gp-matern32"
            }
        }
    }
    /// Initial Sobol points; `nil` for ``defaultInitialDesignSize(parameterCount:)``.
    public let initialDesignSize: Int?
    /// Raw candidates per acquisition maximization.
    public let candidateCount: Int
    /// Most trials a hyperparameter fit uses (a seeded subsample beyond it, always with the
    /// best quarter); the model itself always uses every trial.
    public let fitSampleLimit: Int
    /// Whether suggestions may reuse a recent fit instead of the exact one
    /// (``reusingRecentFits()``).
    public private(set) var reusesRecentFits = false

    let cache = GPSamplerCache()

    /// Name and seed, as a study stores them to continue with the same sampler.
    public var settings: SamplerSettings { SamplerSettings(name: name, seed: seed) }

    /// A GP sampler.
    /// - Parameters:
    ///   - seed: the seed (same seed and history → same suggestions).
    ///   - acquisition: log EI (default), UCB or PI.
    ///   - kernels: the Matérn kernel at each suggestion: alternating 5/2 and 3/2 (default), or
    ///     one of them throughout.
    ///   - initialDesignSize: Sobol points before the model takes over; default by dimension.
    ///   - candidateCount: raw candidates per maximization (default 2048).
    ///   - fitSampleLimit: trials per hyperparameter fit at most (default 200).
    public init(
        seed: UInt64 = 0, acquisition: AcquisitionFunction = .logExpectedImprovement,
        kernels: Kernels = .alternating, initialDesignSize: Int? = nil,
        candidateCount: Int = 2048, fitSampleLimit: Int = 200
    ) {
        self.seed = seed
        self.acquisition = acquisition
        self.kernels = kernels
        self.initialDesignSize = initialDesignSize.map { max($0, 1) }
        self.candidateCount = max(candidateCount, 16)
        self.fitSampleLimit = max(fitSampleLimit, 16)
    }

    /// The initial design's size in `space`: ``initialDesignSize``, else the default.
    private func designSize(in space: SearchSpace) -> Int {
        initialDesignSize
            ?? Self.defaultInitialDesignSize(
                parameterCount: space.parameters.filter(\.isSearched).count)
    }

    /// `max(5, min(2P + 1, 20))` initial points for `P` searched parameters.
    public static func defaultInitialDesignSize(parameterCount: Int) -> Int {
        max(5, min(2 * parameterCount + 1, 20))
    }

    public func suggest(_ count: Int, in space: SearchSpace, history: StudyHistory) throws
        -> [Configuration]
    {
        guard count > 0 else { return [] }
        let encoding = UnitCubeEncoding(space)
        guard encoding.dimension > 0 else {
            // Nothing to search: every configuration is the fixed one.
            return Array(repeating: space.configuration { $0.value(atUnit: 0.5) }, count: count)
        }
        var observations = observations(of: history, encoding: encoding)
        let designSize = designSize(in: space)
        var surrogate: Surrogate?
        var suggestions: [Configuration] = []
        for offset in 0..<count {
            let index = history.trials.count + offset
            var random = RandomSource(seed: seed).child(UInt64(index))
            var chosen: (configuration: Configuration, point: [Double])?
            if index >= designSize, observations.completeCount >= 2 {
                do {
                    if surrogate == nil {
                        surrogate = try makeSurrogate(
                            observations, encoding: encoding,
                            smoothness: kernels.smoothness(afterFinished: history.finishedCount),
                            reusingRecentFit: reusesRecentFits)
                    }
                    if var current = surrogate {
                        chosen = try pick(
                            from: current, encoding: encoding, observations: observations,
                            random: &random)
                        if let chosen { current = try current.believing(chosen.point) }
                        surrogate = current
                    }
                } catch {
                    surrogate = nil
                    chosen = nil
                }
            }
            let pick =
                chosen
                ?? initialDesignPoint(index, encoding: encoding, excluded: observations.excluded)
            suggestions.append(pick.configuration)
            observations.excluded.insert(pick.configuration)
            observations.pending.append(pick.point)
        }
        return suggestions
    }

    /// Fits the model the next suggestion for `history` needs (hyperparameters and kernel
    /// factor, kept in the cache), so that the suggestion made inside the storage's lock, on
    /// the same finished trials, only conditions on pending points and maximizes.
    public var preparesAhead: Bool { true }

    public func prepare(in space: SearchSpace, history: StudyHistory) {
        fit(in: space, history: history, exactly: false)
    }

    /// This sampler with ``reusesRecentFits`` on (sharing the cache): the one of a worker on a
    /// shared study (``Sampler/reusingRecentFits()``).
    public func reusingRecentFits() -> any Sampler {
        var copy = self
        copy.reusesRecentFits = true
        return copy
    }

    public var refitsWhileTrialsRun: Bool { reusesRecentFits }

    /// Fits the exact model for `history` (a worker calls it while its trials run), which the
    /// suggestions that follow reuse. The kernel is the one of the next ask should only this
    /// worker's trial finish before it (for one worker, exactly the next ask's).
    public func refit(in space: SearchSpace, history: StudyHistory) {
        fit(in: space, history: history, exactly: true)
    }

    /// The model for `history`, fitted into the cache: exactly (a refit), or reusing the
    /// latest fit when this sampler may (a preparation).
    private func fit(in space: SearchSpace, history: StudyHistory, exactly: Bool) {
        let encoding = UnitCubeEncoding(space)
        let designSize = designSize(in: space)
        guard encoding.dimension > 0, history.trials.count >= designSize else { return }
        let observations = observations(of: history, encoding: encoding)
        guard observations.completeCount >= 2 else { return }
        let finished = history.finishedCount + (exactly && reusesRecentFits ? 1 : 0)
        _ = try? makeSurrogate(
            observations, encoding: encoding,
            smoothness: kernels.smoothness(afterFinished: finished),
            reusingRecentFit: !exactly && reusesRecentFits)
    }

    /// The model data of `history`. Several objectives: one ParEGO weight vector per call,
    /// drawn from the seed and the count of finished trials, so a batch shares one
    /// scalarization, a history gives one answer, and a prepared fit matches the suggestion's.
    private func observations(of history: StudyHistory, encoding: UnitCubeEncoding)
        -> Observations
    {
        var weightRandom = RandomSource(seed: seed ^ 0x3C6E_F372_FE94_F82B).child(
            UInt64(history.finishedCount))
        let scalarization = ParEGOScalarization(history: history, random: &weightRandom)
        return Observations(history: history, encoding: encoding, scalarization: scalarization)
    }

    /// The best-ranked configuration that is not excluded, else a random untried one, else
    /// (the space is exhausted) the best-ranked one.
    private func pick(
        from surrogate: Surrogate, encoding: UnitCubeEncoding, observations: Observations,
        random: inout RandomSource
    ) throws -> (configuration: Configuration, point: [Double])? {
        let optimizer = AcquisitionOptimizer(candidateCount: candidateCount)
        let ranked = try optimizer.rankedPoints(
            surrogate.scorer, encoding: encoding, anchors: surrogate.anchors, random: &random)
        for rank in 0..<ranked.count {
            let point = ranked.point(at: rank)
            let configuration = encoding.decode(point)
            if !observations.excluded.contains(configuration) { return (configuration, point) }
        }
        if let untried = randomUntried(
            encoding: encoding, excluded: observations.excluded, random: &random)
        {
            return untried
        }
        guard ranked.count > 0 else { return nil }
        return (encoding.decode(ranked.point(at: 0)), ranked.point(at: 0))
    }

    /// Point `index` of the shifted Sobol sequence (uniform draws past its dimension limit),
    /// moving on to later points or random ones if it was already tried.
    func initialDesignPoint(
        _ index: Int, encoding: UnitCubeEncoding, excluded: Set<Configuration>
    ) -> (configuration: Configuration, point: [Double]) {
        let d = encoding.dimension
        var first: (Configuration, [Double])?
        for attempt in 0..<64 {
            var point: [Double]
            if d <= SobolSequence.maximumDimension,
                let sobol = try? SobolSequence.points(
                    count: 1, dimension: d, seed: seed, skip: index + attempt)
            {
                point = sobol.storage
            } else {
                var random = RandomSource(seed: seed).child(UInt64(index + attempt) &+ 0x5EED)
                point = (0..<d).map { _ in random.uniform() }
            }
            point = encoding.canonical(point)
            let configuration = encoding.decode(point)
            if !excluded.contains(configuration) { return (configuration, point) }
            if first == nil { first = (configuration, point) }
        }
        var random = RandomSource(seed: seed).child(UInt64(index) &+ 0xD1CE)
        if let untried = randomUntried(encoding: encoding, excluded: excluded, random: &random) {
            return untried
        }
        return first ?? (
            encoding.decode([Double](repeating: 0.5, count: d)), [Double](repeating: 0.5, count: d)
        )
    }

    private func randomUntried(
        encoding: UnitCubeEncoding, excluded: Set<Configuration>, random: inout RandomSource
    ) -> (configuration: Configuration, point: [Double])? {
        for _ in 0..<256 {
            let point = encoding.canonical((0..<encoding.dimension).map { _ in random.uniform() })
            let configuration = encoding.decode(point)
            if !excluded.contains(configuration) { return (configuration, point) }
        }
        return nil
    }
}
