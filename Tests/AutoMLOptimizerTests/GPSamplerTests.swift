@testable import AutoMLOptimizer
import AutoMLNumerics
import AutoMLSearchSpace
import AutoMLStudy
import AutoMLBenchmarks
import Foundation
import Testing

private let braninSpace = SearchSpace(unordered: [
    Parameter(name: "x1", domain: .float(low: -5, high: 10, log: false, step: nil)),
    Parameter(name: "x2", domain: .float(low: 0, high: 15, log: false, step: nil)),
])

/// Branin (Dixon & Szegő 1978), minimum 0.397887 at (−π, 12.275), (π, 2.275), (9.42478, 2.475).
private func branin(_ c: Configuration) -> Double {
    let x1 = c["x1"]?.number ?? 0
    let x2 = c["x2"]?.number ?? 0
    let b = 5.1 / (4 * Double.pi * Double.pi)
    let a = x2 - b * x1 * x1 + 5 / Double.pi * x1 - 6
    return a * a + 10 * (1 - 1 / (8 * Double.pi)) * cos(x1) + 10
}

/// Runs `trials` sequential trials of `objective` (nil = the trial fails) and returns the history.
private func optimize(
    _ sampler: GPSampler, _ space: SearchSpace, trials: Int, _ objective: (Configuration) -> Double?
) throws -> StudyHistory {
    var history = StudyHistory()
    for number in 0..<trials {
        let configuration = try #require(try sampler.suggest(1, in: space, history: history).first)
        let value = objective(configuration)
        history.trials.append(
            TrialRecord(
                number: number, state: value == nil ? .failed : .complete,
                configuration: configuration,
                values: value.map { [$0] }))
    }
    return history
}

@Suite struct GPSamplerTests {
    @Test("a seeded run reaches Branin's minimum 0.397887 within 0.05 in 60 evaluations")
    func branin60() throws {
        let history = try optimize(GPSampler(seed: 1), braninSpace, trials: 60, branin)
        let best = try #require(history.completed.compactMap(\.value).min())
        #expect(best < 0.397887 + 0.05, "best \(best)")
        #expect(history.trials.allSatisfy { braninSpace.contains($0.configuration) })
    }

    @Test(
        "gp-matern32 also reaches Branin's minimum within 0.05 in 60 evaluations, under its own name"
    )
    func matern32() throws {
        let sampler = try #require(
            try SamplerCatalog.make(name: "gp-matern32", seed: 1) as? GPSampler)
        #expect(sampler.kernels == .matern32)
        #expect(sampler.settings == SamplerSettings(name: "gp-matern32", seed: 1))
        #expect(GPSampler(seed: 1).settings == SamplerSettings(name: "gp", seed: 1))
        let history = try optimize(sampler, braninSpace, trials: 60, branin)
        let best = try #require(history.completed.compactMap(\.value).min())
        #expect(best < 0.397887 + 0.05, "best \(best)")
        // The kernel changes the search once the model takes over.
        let smooth = try optimize(GPSampler(seed: 1), braninSpace, trials: 20, branin)
        #expect(
            Array(history.trials.prefix(20)).map(\.configuration)
                != smooth.trials.map(\.configuration))
    }

    @Test(
        "gp alternates kernels: at an even trial count it suggests what gp-matern52 would, at an odd one gp-matern32"
    )
    func alternatingKernels() throws {
        let history = try optimize(GPSampler(seed: 4), braninSpace, trials: 14, branin)
        let even = history
        let odd = StudyHistory(trials: Array(history.trials.prefix(13)))
        func next(_ kernels: GPSampler.Kernels, _ h: StudyHistory) throws -> Configuration? {
            try GPSampler(seed: 4, kernels: kernels).suggest(1, in: braninSpace, history: h).first
        }
        #expect(try next(.alternating, even) == next(.matern52, even))
        #expect(try next(.alternating, odd) == next(.matern32, odd))
        #expect(try next(.matern52, odd) != next(.matern32, odd))
        // One sampler asked in turn (its cache holding fits and factors of both kernels) agrees
        // with fresh ones.
        let sampler = GPSampler(seed: 4)
        for count in 11...14 {
            let h = StudyHistory(trials: Array(history.trials.prefix(count)))
            #expect(
                try sampler.suggest(1, in: braninSpace, history: h).first == next(.alternating, h),
                "\(count)")
        }
    }

    @Test("the same seed gives the same suggestions; another seed differs")
    func deterministic() throws {
        let a = try optimize(GPSampler(seed: 7), braninSpace, trials: 12, branin)
        let b = try optimize(GPSampler(seed: 7), braninSpace, trials: 12, branin)
        let c = try optimize(GPSampler(seed: 8), braninSpace, trials: 12, branin)
        #expect(a.trials.map(\.configuration) == b.trials.map(\.configuration))
        #expect(a.trials.map(\.configuration) != c.trials.map(\.configuration))
        // A fresh sampler given the same history suggests what the one that built it would.
        let next = try GPSampler(seed: 7).suggest(2, in: braninSpace, history: a)
        let sampler = GPSampler(seed: 7)
        _ = try sampler.suggest(
            1, in: braninSpace, history: StudyHistory(trials: Array(a.trials.prefix(11))))
        #expect(try sampler.suggest(2, in: braninSpace, history: a) == next)
    }

    @Test(
        "past the full fits' every-count range, warm fits leave suggestions a pure function of the history"
    )
    func warmFitsAreDeterministic() throws {
        // 22 trials: a full fit at 16, warm fits from it at 17 to 21.
        let sampler = GPSampler(seed: 3)
        let history = try optimize(sampler, braninSpace, trials: 22, branin)
        let fresh = try GPSampler(seed: 3).suggest(2, in: braninSpace, history: history)
        #expect(try sampler.suggest(2, in: braninSpace, history: history) == fresh)
        // A warm fit moves the hyperparameters away from the full fit it starts from.
        let encoding = UnitCubeEncoding(braninSpace)
        func observations(_ count: Int) -> Observations {
            let prefix = StudyHistory(trials: Array(history.trials.prefix(count)))
            var random = RandomSource(seed: 0)
            return Observations(
                history: prefix, encoding: encoding,
                scalarization: ParEGOScalarization(history: prefix, random: &random))
        }
        #expect(GPSampler.majorCheckpoint(atMost: 21) == 16)
        let warm = sampler.fittedSettings(observations(21), smoothness: .fiveHalves)
        let major = sampler.fittedSettings(observations(16), smoothness: .fiveHalves)
        #expect(warm.warp == major.warp)
        #expect(warm.hyperparameters != major.hyperparameters)
    }

    @Test(
        "after 30 seeded trials, Hartmann-6 keeps its scale, Rosenbrock-4 is modelled in logs anchored near its best, and losses tied at the best never get a curved warp"
    )
    func warpFollowsTheLosses() throws {
        func chosenWarp(_ space: SearchSpace, _ objective: (Configuration) -> Double?) throws
            -> OutputTransform.Warp
        {
            let sampler = GPSampler(seed: 2)
            let history = try optimize(sampler, space, trials: 30, objective)
            var random = RandomSource(seed: 0)
            let observations = Observations(
                history: history, encoding: UnitCubeEncoding(space),
                scalarization: ParEGOScalarization(history: history, random: &random))
            return sampler.fittedSettings(observations, smoothness: .fiveHalves).warp
        }
        // Hartmann-6's losses lie in a bounded range, bad ones in the bulk: plain standardization.
        let hartmann = Hartmann6()
        #expect(
            try chosenWarp(hartmann.searchSpace, { hartmann.value(at: $0) })
                == OutputTransform.Warp(lambda: 1))
        // Rosenbrock's good values span decades along the floor of its valley.
        let rosenbrock = Rosenbrock(dimension: 4)
        #expect(
            try chosenWarp(rosenbrock.searchSpace, { rosenbrock.value(at: $0) })
                == OutputTransform.Warp(lambda: 0, shiftQuantile: 0.25))
        // Rosenbrock floored at 100, as an accuracy is capped at 1: by 30 trials over a
        // quarter of the losses tie at the best, so the anchored logarithm has no shift to
        // stand on. Without the rule it wins on the tie's steepness alone.
        let floored: (Configuration) -> Double? = { rosenbrock.value(at: $0).map { max($0, 100) } }
        let sampler = GPSampler(seed: 2, kernels: .matern52)
        let history = try optimize(sampler, rosenbrock.searchSpace, trials: 30, floored)
        let losses = history.completed.compactMap(\.value)
        #expect(
            losses.filter { $0 == 100 }.count * 4 >= losses.count,
            "\(losses.filter { $0 == 100 }.count) ties")
        #expect(
            OutputTransform(fitting: losses, warp: .init(lambda: 0, shiftQuantile: 0.25))
                .shiftIsFallback)
        var random = RandomSource(seed: 0)
        let observations = Observations(
            history: history, encoding: UnitCubeEncoding(rosenbrock.searchSpace),
            scalarization: ParEGOScalarization(history: history, random: &random))
        #expect(
            sampler.fittedSettings(observations, smoothness: .fiveHalves).warp.shiftQuantile
                == OutputTransform.defaultShiftQuantile)
    }

    @Test(
        "prepared on a snapshot, the suggestion made later, with what finished since as pending, fits nothing and equals a fresh sampler's"
    )
    func preparedAhead() throws {
        // 30 trials: warm fits at every count; trials 30 and 31 start and finish after the
        // snapshot, trial 32 starts after it.
        let complete = try optimize(GPSampler(seed: 5), braninSpace, trials: 32, branin)
        let snapshot = StudyHistory(trials: Array(complete.trials.prefix(30)))
        var later = complete
        later.trials.append(
            TrialRecord(
                number: 32, state: .running,
                configuration: Configuration(["x1": .real(0), "x2": .real(5)])))
        let finished = Set(snapshot.trials.map(\.number))
        let seen = later.finished(only: finished)
        #expect(seen.finishedCount == 30 && seen.running.map(\.number) == [30, 31, 32])

        let sampler = GPSampler(seed: 5)
        #expect(sampler.preparesAhead)
        sampler.prepare(in: braninSpace, history: snapshot)
        let fits = sampler.cache.storedFitCount
        #expect(fits > 0)
        let suggestion = try sampler.suggest(2, in: braninSpace, history: seen)
        #expect(sampler.cache.storedFitCount == fits, "the suggestion refitted")
        #expect(try GPSampler(seed: 5).suggest(2, in: braninSpace, history: seen) == suggestion)
        // The three pending trials are not suggested again.
        #expect(Set(suggestion).isDisjoint(with: seen.running.map(\.configuration)))
        // A warm-start wrapper prepares its base once its list is used up.
        let wrapped = WarmStartSampler(base: GPSampler(seed: 5), initial: [])
        #expect(wrapped.preparesAhead)
        #expect(!RandomSampler(seed: 5).preparesAhead)
    }

    @Test(
        "a worker's sampler refits while a trial runs and then asks without fitting, for the next kernel; without a fit it fits exactly"
    )
    func reusesRecentFits() throws {
        // 30 trials: trial 30 runs while the worker refits; it finishes before the next ask.
        let complete = try optimize(GPSampler(seed: 5), braninSpace, trials: 31, branin)
        var running = StudyHistory(trials: Array(complete.trials.prefix(30)))
        running.trials.append(
            TrialRecord(
                number: 30, state: .running, configuration: complete.trials[30].configuration))

        let exact = GPSampler(seed: 5)
        #expect(!exact.reusesRecentFits && !exact.refitsWhileTrialsRun)
        let worker = exact.reusingRecentFits()
        #expect(worker.refitsWhileTrialsRun)
        worker.refit(in: braninSpace, history: running)
        let fits = exact.cache.storedFitCount
        #expect(fits > 0)
        // 31 finished trials: the kernel after an odd count, which the refit fitted (on 30).
        #expect(GPSampler.Kernels.alternating.smoothness(afterFinished: 31) == .threeHalves)
        let suggestion = try worker.suggest(1, in: braninSpace, history: complete)
        #expect(exact.cache.storedFitCount == fits, "the ask refitted")
        #expect(suggestion.count == 1 && braninSpace.contains(suggestion[0]))
        #expect(!complete.trials.map(\.configuration).contains(suggestion[0]))

        // A fresh worker sampler with no fit yet fits exactly, as the exact sampler does.
        let fresh = GPSampler(seed: 5)
        let first = try fresh.reusingRecentFits().suggest(1, in: braninSpace, history: complete)
        #expect(fresh.cache.storedFitCount > 0)
        #expect(try GPSampler(seed: 5).suggest(1, in: braninSpace, history: complete) == first)
        // Wrappers pass it on; samplers without a model have nothing to refit.
        #expect(WarmStartSampler(base: exact, initial: []).reusingRecentFits().refitsWhileTrialsRun)
        #expect(!RandomSampler(seed: 5).reusingRecentFits().refitsWhileTrialsRun)
    }

    @Test("a batch of 4 holds distinct configurations, away from running trials")
    func batch() throws {
        var history = try optimize(GPSampler(seed: 3), braninSpace, trials: 10, branin)
        let running = Configuration(["x1": .real(3), "x2": .real(2.5)])
        history.trials.append(TrialRecord(number: 10, state: .running, configuration: running))
        let batch = try GPSampler(seed: 3).suggest(4, in: braninSpace, history: history)
        #expect(batch.count == 4 && Set(batch).count == 4)
        #expect(!batch.contains(running))
        #expect(batch.allSatisfy { braninSpace.contains($0) })
        // The picks are spread out, not four copies of one spot.
        let points = batch.map { [$0["x1"]?.number ?? 0, $0["x2"]?.number ?? 0] }
        for i in 0..<4 {
            for j in 0..<i {
                let distance = hypot(points[i][0] - points[j][0], points[i][1] - points[j][1])
                #expect(distance > 1e-3, "\(points[i]) and \(points[j])")
            }
        }
    }

    @Test("a conditional space never gets an inactive parameter")
    func conditional() throws {
        let space = SearchSpace(unordered: [
            Parameter(
                name: "kernel",
                domain: .categorical([.string("linear"), .string("rbf"), .string("poly")])),
            Parameter(name: "c", domain: .float(low: 1e-3, high: 1e3, log: true, step: nil)),
            Parameter(
                name: "gamma", domain: .float(low: 1e-4, high: 10, log: true, step: nil),
                conditions: [Condition(parent: "kernel", values: [.string("rbf")])]),
            Parameter(
                name: "degree", domain: .integer(low: 2, high: 5, log: false, step: 1),
                conditions: [Condition(parent: "kernel", values: [.string("poly")])]),
        ])
        let history = try optimize(GPSampler(seed: 2), space, trials: 25) { c in
            let logC = log10(c["c"]?.number ?? 1)
            switch c["kernel"] {
            case .string("rbf"):
                return 0.2 * (logC - 1) * (logC - 1) + pow(log10(c["gamma"]?.number ?? 1) + 2, 2)
            case .string("poly"): return 0.5 + 0.3 * pow((c["degree"]?.number ?? 0) - 3, 2)
            default: return 1 + 0.1 * logC * logC
            }
        }
        for trial in history.trials {
            #expect(space.contains(trial.configuration), "\(trial.configuration)")
            let kernel = trial.configuration["kernel"]
            #expect((trial.configuration["gamma"] != nil) == (kernel == .string("rbf")))
            #expect((trial.configuration["degree"] != nil) == (kernel == .string("poly")))
        }
        // The search left the linear branch (≥ 1) for a better one: at least the poly
        // plateau (0.5). Reaching the rbf bowl below it within 25 trials depends on the seed
        // (4 of seeds 0–7 do): a stationary kernel shares the `c` lengthscale between the
        // branches where `c` matters and the one where it does not (docs/search-spaces.md).
        let best = try #require(history.best?.value)
        #expect(best <= 0.5 + 1e-12, "best \(best)")
    }

    @Test(
        "a failed region is avoided once it has been seen, and the search finds a minimum elsewhere"
    )
    func failures() throws {
        // Trials within 3 of the minimum at (π, 2.275) fail; the two other minima remain.
        let history = try optimize(GPSampler(seed: 4), braninSpace, trials: 50) { c in
            let (x1, x2) = (c["x1"]?.number ?? 0, c["x2"]?.number ?? 0)
            return hypot(x1 - Double.pi, x2 - 2.275) < 3 ? nil : branin(c)
        }
        let failed = history.trials.suffix(30).filter { $0.state == .failed }.count
        #expect(failed <= 3, "\(failed) of the last 30 trials failed")
        #expect((history.completed.compactMap(\.value).min() ?? .infinity) < 0.397887 + 0.05)
    }

    @Test("no configuration of a small discrete space is repeated until it is exhausted")
    func duplicates() throws {
        let space = SearchSpace(unordered: [
            Parameter(name: "a", domain: .integer(low: 1, high: 3, log: false, step: 1)),
            Parameter(name: "b", domain: .categorical([.string("x"), .string("y")])),
        ])
        let history = try optimize(GPSampler(seed: 5), space, trials: 6) { c in
            (c["a"]?.number ?? 0) + (c["b"] == .string("x") ? 0 : 0.5)
        }
        #expect(Set(history.trials.map(\.configuration)).count == 6)
        let more = try GPSampler(seed: 5).suggest(2, in: space, history: history)
        #expect(more.count == 2 && more.allSatisfy { space.contains($0) })
    }

    @Test("the initial design size grows with the dimension between 5 and 20")
    func initialDesign() {
        #expect(GPSampler.defaultInitialDesignSize(parameterCount: 1) == 5)
        #expect(GPSampler.defaultInitialDesignSize(parameterCount: 6) == 13)
        #expect(GPSampler.defaultInitialDesignSize(parameterCount: 30) == 20)
        #expect(GPSampler.checkpoint(atMost: 50) == 50)
        #expect(GPSampler.checkpoint(atMost: 100) < 100 && GPSampler.checkpoint(atMost: 100) > 90)
        #expect(
            (10...24).map { GPSampler.majorCheckpoint(atMost: $0) } == [
                10, 11, 12, 13, 14, 15, 16, 16, 16, 16, 16, 16, 22, 22, 22,
            ])
        #expect(GPSampler.majorCheckpoint(atMost: 100) == 81)
    }
}

@Suite struct ParEGOScalarizationTests {
    private func trial(_ number: Int, _ values: [Double]) -> TrialRecord {
        TrialRecord(
            number: number, state: .complete,
            configuration: Configuration(["x": .real(Double(number))]),
            values: values)
    }

    @Test("one objective is the loss itself; a maximized one is negated")
    func singleObjective() {
        var random = RandomSource(seed: 1)
        let minimize = ParEGOScalarization(
            history: StudyHistory(trials: [trial(0, [3])]), random: &random)
        #expect(minimize.loss(of: trial(1, [2.5])) == 2.5)
        let maximize = ParEGOScalarization(
            history: StudyHistory(directions: [.maximize], trials: [trial(0, [3])]), random: &random
        )
        #expect(maximize.loss(of: trial(1, [2.5])) == -2.5)
    }

    @Test("two objectives: normalized augmented Chebyshev with simplex weights")
    func twoObjectives() throws {
        var random = RandomSource(seed: 2)
        let history = StudyHistory(
            directions: [.minimize, .maximize], trials: [trial(0, [0, 10]), trial(1, [4, 0])])
        let s = ParEGOScalarization(history: history, random: &random)
        #expect(abs(s.weights.reduce(0, +) - 1) < 1e-12 && s.weights.allSatisfy { $0 > 0 })
        // Objective 1 spans 0…4, objective 2 (as a loss) −10…0.
        let (w1, w2) = (s.weights[0], s.weights[1])
        let f1 = 1.0 / 4, f2 = (-5.0 + 10) / 10
        let expected = max(w1 * f1, w2 * f2) + 0.05 * (w1 * f1 + w2 * f2)
        #expect(abs(try #require(s.loss(of: trial(2, [1, 5]))) - expected) < 1e-12)
        #expect(s.loss(of: trial(3, [1])) == nil)
        #expect(s.loss(of: trial(4, [1, .nan])) == nil)
    }

    @Test("the GP sampler spreads a two-objective search along the Pareto front")
    func paretoFront() throws {
        // f1 = x², f2 = (x − 1)²: the front is x ∈ [0, 1].
        let space = SearchSpace(unordered: [
            Parameter(name: "x", domain: .float(low: -2, high: 3, log: false, step: nil))
        ])
        let sampler = GPSampler(seed: 3)
        var history = StudyHistory(directions: [.minimize, .minimize])
        for number in 0..<30 {
            let configuration = try #require(
                try sampler.suggest(1, in: space, history: history).first)
            let x = configuration["x"]?.number ?? 0
            history.trials.append(
                TrialRecord(
                    number: number, state: .complete, configuration: configuration,
                    values: [x * x, (x - 1) * (x - 1)]))
        }
        let front = history.trials.suffix(20).compactMap { $0.configuration["x"]?.number }.filter {
            $0 >= 0 && $0 <= 1
        }
        #expect(front.count >= 12, "\(front.count) of the last 20 on the front")
        #expect(
            (front.max() ?? 0) - (front.min() ?? 0) > 0.6,
            "front covered \(front.min() ?? 0)…\(front.max() ?? 0)")
    }
}

@Suite struct GPSamplerPrunedTrialTests {
    @Test(
        "a pruned trial counts at the worse of its last report and its mean; the GP stops proposing near it"
    )
    func prunedTrials() throws {
        var random = RandomSource(seed: 1)
        let scalarization = ParEGOScalarization(
            history: StudyHistory(directions: [.maximize]), random: &random)
        var pruned = TrialRecord(
            number: 0, state: .pruned, configuration: Configuration(["x": .real(0.5)]))
        pruned.intermediateValues = [0: 0.6, 1: 0.9]
        // Maximized: losses −0.9 (last) and −0.75 (mean); the worse is −0.75.
        #expect(scalarization.prunedLoss(of: pruned) == -0.75)
        pruned.intermediateValues = [:]
        #expect(scalarization.prunedLoss(of: pruned) == nil)

        // Minimize (x − 0.8)²; every trial with x < 0.5 is "pruned" reporting a bad value 5.
        // The GP must learn from those reports and spend the later trials near 0.8.
        let space = SearchSpace(unordered: [
            Parameter(name: "x", domain: .float(low: 0, high: 1, log: false, step: nil))
        ])
        let sampler = GPSampler(seed: 2)
        var history = StudyHistory()
        for number in 0..<25 {
            let configuration = try #require(
                try sampler.suggest(1, in: space, history: history).first)
            let x = configuration["x"]?.number ?? 0
            var record = TrialRecord(number: number, state: .complete, configuration: configuration)
            if x < 0.5 {
                record.state = .pruned
                record.intermediateValues = [0: 5]
            } else {
                record.values = [(x - 0.8) * (x - 0.8)]
            }
            history.trials.append(record)
        }
        let late = history.trials.suffix(10)
        #expect(late.filter { $0.state == .pruned }.count <= 3)
        #expect((history.best?.value ?? 1) < 1e-3)
    }
}
