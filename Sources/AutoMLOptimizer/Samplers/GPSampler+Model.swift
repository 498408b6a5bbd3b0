import AutoMLNumerics
import AutoMLSearchSpace
import AutoMLStudy
import Foundation

/// What the GP sampler takes from a history: complete trials as model data, pruned ones at
/// their last reported value, failed ones as model data at the worst loss seen and for the
/// feasibility estimate, running ones as pending points, and every configuration so far for
/// the duplicate check.
///
/// Failed trials enter the regression at the worst complete loss (as SMAC imputes crashed
/// runs), so the surrogate stops promising improvements inside a region that only fails;
/// the feasibility estimate then lowers the score near failures further.
struct Observations {
    /// Model inputs (`n × D`): complete trials with a finite loss, pruned trials with a
    /// reported value, and failed trials, encoded, in trial-number order.
    var inputs: Matrix
    /// Their losses (lower is better); failed trials carry the worst complete loss.
    var losses: [Double]
    /// Whether each row of ``inputs`` is a failed trial with an imputed loss.
    var isImputed: [Bool]
    /// Trials with an observed loss (complete, or pruned with reports), encoded (`m × D`).
    var successes: Matrix
    /// Failed trials (and complete ones whose value is not finite), encoded.
    var failures: [[Double]]
    /// Running trials, encoded.
    var pending: [[Double]]
    /// Every configuration tried, running or suggested (restricted to active parameters).
    var excluded: Set<Configuration>

    /// How many rows carry an observed loss.
    var completeCount: Int { successes.rows }

    /// - Parameters:
    ///   - scalarization: the loss of a complete trial (several objectives: ParEGO).
    init(history: StudyHistory, encoding: UnitCubeEncoding, scalarization: ParEGOScalarization) {
        let space = encoding.space
        let d = encoding.dimension
        var rows: [Double] = []
        var losses: [Double?] = []
        var successRows: [Double] = []
        var failures: [[Double]] = []
        var pending: [[Double]] = []
        var excluded = Set<Configuration>()
        for trial in history.trials.sorted(by: { $0.number < $1.number }) {
            excluded.insert(space.pruned(trial.configuration))
            // Configurations the space cannot encode (from an older space) are left out.
            guard let point = encoding.encode(trial.configuration) else { continue }
            switch trial.state {
            case .complete:
                if let loss = scalarization.loss(of: trial), loss.isFinite {
                    rows.append(contentsOf: point)
                    losses.append(loss)
                    successRows.append(contentsOf: point)
                } else {
                    rows.append(contentsOf: point)
                    losses.append(nil)
                    failures.append(point)
                }
            case .failed:
                rows.append(contentsOf: point)
                losses.append(nil)
                failures.append(point)
            case .running, .waiting:
                pending.append(point)
            case .pruned:
                // What the pruner saw (``ParEGOScalarization/prunedLoss(of:)``; Optuna's TPE
                // also reads a pruned trial by its reports). Without it the model never learns that a pruned region is poor and
                // keeps proposing its neighbours.
                if let loss = scalarization.prunedLoss(of: trial), loss.isFinite {
                    rows.append(contentsOf: point)
                    losses.append(loss)
                    successRows.append(contentsOf: point)
                }
            }
        }
        let observed = losses.compactMap { $0 }
        if let worst = observed.max() {
            self.losses = losses.map { $0 ?? worst }
            self.isImputed = losses.map { $0 == nil }
        } else {
            // Without any complete trial there is nothing to impute from: no model data.
            rows = []
            self.losses = []
            self.isImputed = []
        }
        // The row counts match by construction.
        self.inputs =
            (try? Matrix(rows: self.losses.count, columns: d, values: rows))
            ?? Matrix(rows: 0, columns: d)
        self.successes =
            (try? Matrix(rows: observed.count, columns: d, values: successRows))
            ?? Matrix(rows: 0, columns: d)
        self.failures = failures
        self.pending = pending
        self.excluded = excluded
    }
}

/// What the GP sampler fits at a checkpoint: the output transform's parameters and the kernel.
struct ModelSettings: Sendable, Equatable {
    var hyperparameters: GPHyperparameters
    var warp: OutputTransform.Warp
}

/// A fitted surrogate ready to score candidates, with what a batch needs to go on.
struct Surrogate {
    var scorer: AcquisitionScorer
    /// The best complete trials' points, best first (perturbation anchors).
    var anchors: [[Double]]

    /// The surrogate after a kriging-believer fantasy at `point`.
    func believing(_ point: [Double]) throws(NumericError) -> Surrogate {
        let matrix = try Matrix(rows: 1, columns: point.count, values: point)
        let mean = try scorer.model.predict(matrix).mean[0]
        var copy = self
        copy.scorer = AcquisitionScorer(
            model: try scorer.model.conditioned(on: point, value: mean), function: scorer.function,
            best: scorer.best, feasibility: scorer.feasibility)
        return copy
    }
}

extension GPSampler {
    /// Anchors kept for perturbation.
    static let anchorCount = 5

    /// Transform, hyperparameters (cached per checkpoint, or with `reusingRecentFit` the
    /// latest fit of the kernel when there is one), model (factor grown from the cached one),
    /// pending fantasies and feasibility.
    func makeSurrogate(
        _ observations: Observations, encoding: UnitCubeEncoding,
        smoothness: MaternKernel.Smoothness, reusingRecentFit: Bool = false
    ) throws -> Surrogate {
        let recent = reusingRecentFit ? cache.recentSettings(smoothness: smoothness) : nil
        let settings = recent ?? fittedSettings(observations, smoothness: smoothness)
        let hyperparameters = settings.hyperparameters
        let transform = OutputTransform(fitting: observations.losses, warp: settings.warp)
        let transformed = observations.losses.map { transform($0) }
        // The worst observed loss is the model's constant prior mean (De Ath, Fieldsend &
        // Everson 2020, "What do you mean? The role of the mean function in Bayesian
        // optimisation"): away from the data the surrogate expects the worst seen, not the
        // average of trials that cluster where the search has already found good values.
        // With the average, every corner of the cube far from the data looks average with the
        // full prior variance, and expected improvement sends more trials there (on Ackley-5,
        // 27 of 100 against 18, averaged over 8 seeds).
        let worst = transformed.max() ?? 0
        let targets = transformed.map { $0 - worst }
        let prefix = cache.factorPrefix(
            hyperparameters: hyperparameters, inputs: observations.inputs.storage,
            dimension: encoding.dimension)
        var model = try GaussianProcess(
            inputs: observations.inputs, targets: targets, hyperparameters: hyperparameters,
            prefix: prefix)
        cache.storeFactor(
            model.factor, hyperparameters: hyperparameters, inputs: observations.inputs.storage)
        // The incumbent is the lowest posterior mean at a complete trial (the "plug-in"
        // incumbent of Picheny et al. 2013), not the lowest observed target: where the model
        // sees noise, a lucky observation does not keep drawing samples to its neighbourhood.
        let fittedMeans = model.fittedMeans
        let incumbent =
            fittedMeans.indices.filter { !observations.isImputed[$0] }.map { fittedMeans[$0] }.min()
            ?? 0
        let rank = fittedMeans
        let order = rank.indices.filter { !observations.isImputed[$0] }.sorted {
            rank[$0] < rank[$1]
        }
        let anchors = order.prefix(Self.anchorCount).map { observations.inputs.row($0) }

        let feasibility =
            observations.failures.isEmpty
            ? nil
            : FeasibilityEstimate(
                successes: observations.successes,
                failures: try Matrix(observations.failures),
                lengthscales: hyperparameters.lengthscales)
        if !observations.pending.isEmpty {
            let pendingMatrix = try Matrix(observations.pending)
            let means = try model.predict(pendingMatrix).mean
            for (point, mean) in zip(observations.pending, means) {
                model = try model.conditioned(on: point, value: mean)
            }
        }
        let scorer = AcquisitionScorer(
            model: model, function: acquisition, best: incumbent, feasibility: feasibility)
        return Surrogate(scorer: scorer, anchors: anchors)
    }

    /// The output transforms tried at each checkpoint: plain standardization, square root and
    /// logarithm of the losses shifted by their best three quarters' spread (Box–Cox λ = 1, ½, 0
    /// with `c = q₀.₇₅ − min`, which compress only the worst values), and the logarithm shifted
    /// by the best quarter's spread (`c = q₀.₂₅ − min`), which also spreads out the good values
    /// when they span decades. Over 40 seeds the fourth took Rosenbrock-4's median log10 regret
    /// from 2.41 to 1.53 at 25 evaluations and 1.19 to 0.69 at 50, and Levy-4's at 100 from −1.30
    /// to −1.81; it cost Rosenbrock-4 at 100 (0.40 → 0.50) and the six-hump camel at 50 and 100
    /// (−5.02 → −4.77, −5.88 → −5.70). Hartmann-6 and Ackley-5, which keep λ = 1, did not move.
    /// A curved warp whose shift fell back (ties at the best) is not tried.
    static let candidateWarps = [
        OutputTransform.Warp(lambda: 1), OutputTransform.Warp(lambda: 0.5),
        OutputTransform.Warp(lambda: 0),
        OutputTransform.Warp(lambda: 0, shiftQuantile: 0.25),
    ]

    /// The transform's parameters and the kernel hyperparameters for `n` complete trials, fitted at two
    /// kinds of checkpoint (a pure function of the data, memoized in the cache):
    ///
    /// - a **full fit** on the first `m` trials, `m` the last major checkpoint not above `n`
    ///   (``majorCheckpoint(atMost:)``): each warp of ``candidateWarps`` gets a short MAP fit
    ///   from the default start (``rankingFitIterations``); the one whose model explains the
    ///   *losses* best wins — the log posterior of the targets plus the transform's log
    ///   Jacobian (a warped GP, Snelson et al. 2004, with the warp chosen from four) — and is
    ///   fitted to convergence from where it stopped and from a second, perturbed start. So
    ///   losses in a bounded range keep their scale (Hartmann-6), losses spanning decades are
    ///   modelled in logs (Branin), anchored near the best when the good values span decades
    ///   too (Rosenbrock);
    /// - a **warm fit** on the first `c` trials, `c` the last checkpoint not above `n`
    ///   (``checkpoint(atMost:)``): one BFGS run with the full fit's warp, started from its
    ///   hyperparameters (as Optuna's GP sampler restarts from its previous kernel). Near its
    ///   start, it costs about ten likelihood evaluations instead of the full fit's hundreds.
    ///
    /// Both are fitted on at most ``fitSampleLimit`` trials (``fitSample(checkpoint:losses:)``).
    func fittedSettings(
        _ observations: Observations, smoothness: MaternKernel.Smoothness
    ) -> ModelSettings {
        let n = observations.losses.count
        let c = Self.checkpoint(atMost: n)
        let m = Self.majorCheckpoint(atMost: c)
        let major = fullFit(observations, checkpoint: m, smoothness: smoothness)
        guard m < c else { return major }
        let (inputs, losses) = fitData(observations, checkpoint: c)
        let key = GPSamplerCache.FitKey(
            inputs: inputs.storage, losses: losses, warm: true, smoothness: smoothness)
        if let cached = cache.settings(for: key) { return cached }
        let transform = OutputTransform(fitting: losses, warp: major.warp)
        let fit = HyperparameterFitter(gradientTolerance: Self.warmFitTolerance).fit(
            inputs: inputs, targets: losses.map { transform($0) }, starts: [major.hyperparameters])
        let settings = ModelSettings(hyperparameters: fit.hyperparameters, warp: major.warp)
        cache.store(settings, for: key, rows: c)
        return settings
    }

    /// The full fit (four transforms, two starts) on the trials of checkpoint `c`.
    private func fullFit(
        _ observations: Observations, checkpoint c: Int, smoothness: MaternKernel.Smoothness
    ) -> ModelSettings {
        let d = observations.inputs.columns
        let (inputs, losses) = fitData(observations, checkpoint: c)
        let key = GPSamplerCache.FitKey(
            inputs: inputs.storage, losses: losses, warm: false, smoothness: smoothness)
        if let cached = cache.settings(for: key) { return cached }

        let fitter = HyperparameterFitter()
        let rankingFitter = HyperparameterFitter(maximumIterations: Self.rankingFitIterations)
        let defaults = GPHyperparameters.defaults(dimension: d, smoothness: smoothness)
        var best: (settings: ModelSettings, score: Double, targets: [Double])?
        for warp in Self.candidateWarps {
            let transform = OutputTransform(fitting: losses, warp: warp)
            // Ties at the best (common for CV accuracies) leave a curved warp no shift to stand
            // on; its score would only measure how steep it makes the tie. λ = 1 is always tried.
            if warp.lambda < 1, transform.shiftIsFallback { continue }
            let targets = losses.map { transform($0) }
            let fit = rankingFitter.fit(inputs: inputs, targets: targets, starts: [defaults])
            let score = fit.negativeLogPosterior - transform.logJacobian(losses)
            if score < (best?.score ?? .infinity) || best == nil {
                best = (
                    ModelSettings(hyperparameters: fit.hyperparameters, warp: warp), score, targets
                )
            }
        }
        guard var chosen = best else {
            return ModelSettings(hyperparameters: defaults, warp: .init(lambda: 1))
        }
        var random = RandomSource(seed: seed ^ 0x6A09_E667_F3BC_C908).child(UInt64(c))
        var spread = defaults
        spread.logLengthscales = defaults.logLengthscales.map { $0 + random.normal() }
        let refit = fitter.fit(
            inputs: inputs, targets: chosen.targets,
            starts: [chosen.settings.hyperparameters, spread])
        chosen.settings.hyperparameters = refit.hyperparameters
        cache.store(chosen.settings, for: key, rows: c)
        return chosen.settings
    }

    /// The inputs and losses of the trials a fit at checkpoint `c` uses.
    private func fitData(_ observations: Observations, checkpoint c: Int) -> (
        inputs: Matrix, losses: [Double]
    ) {
        let indices = fitSample(checkpoint: c, losses: observations.losses)
        return (observations.inputs.rows(at: indices), indices.map { observations.losses[$0] })
    }

    /// The trials a fit at checkpoint `c` uses: all of the first `c`, or beyond
    /// ``fitSampleLimit`` the best quarter of the limit plus a seeded random draw of the rest,
    /// in trial order.
    func fitSample(checkpoint c: Int, losses: [Double]) -> [Int] {
        guard c > fitSampleLimit else { return Array(0..<c) }
        let byLoss = (0..<c).sorted { losses[$0] < losses[$1] }
        let bestCount = fitSampleLimit / 4
        var rest = Array(byLoss[bestCount...])
        var random = RandomSource(seed: seed ^ 0xBB67_AE85_84CA_A73B).child(UInt64(c))
        random.shuffle(&rest)
        return (Array(byLoss[..<bestCount]) + rest.prefix(fitSampleLimit - bestCount)).sorted()
    }

    /// The largest checkpoint `c ≤ n`: every count up to 64, then each ⌊1.07·c⌋.
    static func checkpoint(atMost n: Int) -> Int {
        geometricCheckpoint(atMost: n, everyCountUpTo: 64, growth: 1.07)
    }

    /// The largest major checkpoint `m ≤ n` (a full fit): every count up to 16, then each
    /// ⌊1.4·m⌋ (16, 22, 30, 42, 58, 81, 113, 158, …).
    static func majorCheckpoint(atMost n: Int) -> Int {
        geometricCheckpoint(atMost: n, everyCountUpTo: majorEveryCountUpTo, growth: majorGrowth)
    }

    static let majorEveryCountUpTo = 16
    static let majorGrowth = 1.4

    /// BFGS iterations of each warp's fit in a full fit: enough to rank the transforms (the
    /// winner is then refitted to convergence), where converging all four would quadruple the
    /// cost of the most expensive step of a suggestion.
    static let rankingFitIterations = 20

    /// Gradient norm at which a warm fit stops (Optuna's `gtol`): it starts near the optimum,
    /// so the full fit's tighter 1e-3 would spend most of its evaluations on the last digits.
    static let warmFitTolerance = 1e-2

    private static func geometricCheckpoint(
        atMost n: Int, everyCountUpTo first: Int, growth: Double
    ) -> Int {
        guard n > first else { return n }
        var c = first
        while true {
            let next = max(c + 1, Int(Double(c) * growth))
            if next > n { return c }
            c = next
        }
    }
}
