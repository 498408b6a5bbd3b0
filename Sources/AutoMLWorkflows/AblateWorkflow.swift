import AutoMLAblation
import AutoMLData
import AutoMLLearners
import AutoMLModelSearch
import AutoMLSearchSpace
import AutoMLStorage
import AutoMLStudy
import Foundation

/// `automl ablate --study S` as a library call: parameter importance over the study's trials,
/// an ablation path from a baseline to the best configuration (evaluated for real, or predicted
/// by a surrogate and partly verified), leave-one-out, and — for a model search — component
/// ablation (docs/ablation.md).
///
/// The storage is opened read-only. A model search is re-evaluated by its own cross-validation
/// on its own dataset (refused when the data's content changed); a command study re-runs its
/// command.
public struct AblateWorkflow: Sendable {
    /// How the path is scored.
    public enum PathMode: String, Sendable, CaseIterable {
        /// Every configuration on the path evaluated for real (`O(d²)` evaluations).
        case real
        /// Predicted by a random-forest surrogate of the trials; `verify` steps re-run.
        case surrogate
    }

    public var study: String
    public var storage: StorageLocation
    /// `nil`: the defaults (a model's family defaults; a command space's middle).
    public var baselinePath: String?
    public var method: ParameterImportance.Method
    public var pathMode: PathMode
    /// The first steps of a surrogate path re-run for real.
    public var verify: Int
    public var repeats: Int
    public var seed: UInt64
    public var dataPath: String?
    public var csvOptions: CSVOptions
    public var trialTimeout: Duration?

    public init(
        study: String, storage: StorageLocation, baselinePath: String? = nil,
        method: ParameterImportance.Method = .fanova(), pathMode: PathMode = .real, verify: Int = 0,
        repeats: Int = 3, seed: UInt64 = 0, dataPath: String? = nil,
        csvOptions: CSVOptions = .standard,
        trialTimeout: Duration? = nil
    ) {
        self.study = study
        self.storage = storage
        self.baselinePath = baselinePath
        self.method = method
        self.pathMode = pathMode
        self.verify = verify
        self.repeats = repeats
        self.seed = seed
        self.dataPath = dataPath
        self.csvOptions = csvOptions
        self.trialTimeout = trialTimeout
    }

    /// Runs the ablation; `progress` is told what each part is doing.
    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws
        -> AblationReport
    {
        let clock = ContinuousClock()
        let (record, trials, ensembleBest, pool) = try await storage.withStorage(readOnly: true) {
            storage -> (
                StudyRecord, [TrialRecord], (TrialRecord, EnsembleRecord)?, EnsembleMemberPool?
            ) in
            guard let record = try await storage.study(named: study) else {
                throw StudyError.studyNotFound(name: study)
            }
            let trials = try await storage.trials(of: study)
            var best: (TrialRecord, EnsembleRecord)?
            var pool: EnsembleMemberPool?
            let ensembleStudy = EnsembleSearchPhase.studyName(for: study)
            if record.attributes["objective"] == "model",
                let ensembles = try await storage.study(named: ensembleStudy)
            {
                let history = StudyHistory(
                    directions: ensembles.directions,
                    trials: try await storage.trials(of: ensembleStudy))
                if let trial = history.best,
                    let data = try await storage.artifacts.artifact(
                        named: EnsembleRecord.artifactName, trial: trial.number, of: ensembleStudy)
                {
                    best = (trial, try EnsembleRecord(jsonData: data))
                    pool = try await EnsembleMemberPool.load(
                        from: storage, study: study, directions: record.directions, limit: .max)
                }
            }
            return (record, trials, best, pool)
        }
        let direction = record.directions.first ?? .minimize
        let history = StudyHistory(directions: record.directions, trials: trials)
        guard let best = history.best, let bestScore = best.value else {
            throw AblationError.notAblatable(study: study, reason: "it has no complete trial")
        }
        let isModel = record.attributes["objective"] == "model"
        let defaultFamily = record.attributes["default_family"]
        var dataset: Dataset?
        let evaluator: any AblationEvaluator
        if isModel {
            let loaded = try StudyDataset.load(for: record, path: dataPath, options: csvOptions)
            dataset = loaded
            guard let metric = record.attributes["metric"].flatMap(Metric.init(rawValue:)) else {
                throw AblationError.notAblatable(
                    study: study, reason: "it does not record its metric")
            }
            evaluator = ModelAblationEvaluator(
                dataset: loaded, metric: metric, folds: Int(record.attributes["folds"] ?? "") ?? 5,
                seed: record.sampler.seed ?? 0, defaultFamily: defaultFamily)
        } else if let command = record.attributes["command"] {
            evaluator = CommandAblationEvaluator(command: command, trialTimeout: trialTimeout)
        } else {
            throw AblationError.notAblatable(
                study: study,
                reason:
                    "it has no objective automl can run again (neither a model search nor a command)"
            )
        }
        let baseline = try self.baseline(
            for: best.configuration, space: record.space, defaultFamily: defaultFamily)
        var seconds: [String: Double] = [:]
        let noise = best.metrics[.scoreStd] ?? 0

        progress("importance (\(methodName))")
        var start = clock.now
        let importance = try ParameterImportance.evaluate(
            history, space: record.space, method: method, seed: seed)
        seconds["importance"] = (clock.now - start).seconds

        progress("ablation path (\(pathMode.rawValue))")
        start = clock.now
        let pathEvaluator: any AblationEvaluator =
            pathMode == .surrogate
            ? try SurrogateEvaluator(history: history, space: record.space, seed: seed) : evaluator
        let pathRepeats = pathMode == .surrogate ? 1 : repeats
        let path = try await PathAblation.run(
            from: baseline, to: best.configuration, space: record.space, evaluator: pathEvaluator,
            direction: direction, repeats: pathRepeats, noise: noise,
            predicted: pathMode == .surrogate
        ) { step in progress("  \(step.parameter): \(step.from) → \(step.to)") }
        seconds["path"] = (clock.now - start).seconds

        var verification: [AblationReport.Verification] = []
        if pathMode == .surrogate, verify > 0, !path.steps.isEmpty {
            progress("verifying \(min(verify, path.steps.count)) step(s) for real")
            start = clock.now
            var previous = try await PathAblation.evaluate(
                ConfigurationPath(space: record.space, source: baseline, target: best.configuration)
                    .source, evaluator,
                repeats: repeats
            ).mean
            for (step, configuration) in zip(path.steps, path.configurations).prefix(verify) {
                let real = try await PathAblation.evaluate(
                    configuration, evaluator, repeats: repeats
                ).mean
                let gain = direction == .maximize ? real - previous : previous - real
                verification.append(
                    .init(
                        parameter: step.parameter, predictedGain: step.gain, realGain: gain,
                        agrees: (gain >= 0) == (step.gain >= 0)))
                previous = real
            }
            seconds["verification"] = (clock.now - start).seconds
        }

        progress("leave-one-out")
        start = clock.now
        let leaveOneOut = try await LeaveOneOut.run(
            from: baseline, to: best.configuration, space: record.space, evaluator: pathEvaluator,
            direction: direction,
            repeats: pathRepeats, noise: noise)
        seconds["leave_one_out"] = (clock.now - start).seconds

        var components: [ComponentChange] = []
        if isModel, let dataset,
            let metric = record.attributes["metric"].flatMap(Metric.init(rawValue:))
        {
            progress("components")
            start = clock.now
            components = try await ComponentAblation.model(
                best: best, trials: trials, evaluator: evaluator, direction: direction,
                repeats: repeats,
                defaultFamily: defaultFamily, noise: noise)
            if let (trial, ensemble) = ensembleBest, let pool, let value = trial.value,
                direction.isBetter(value, than: bestScore)
            {
                components += try ComponentAblation.ensemble(
                    ensemble, pool: pool, target: dataset.target, metric: metric, noise: noise)
            }
            seconds["components"] = (clock.now - start).seconds
        }
        return AblationReport(
            study: study, objective: isModel ? "model" : "command",
            metric: record.attributes["metric"] ?? "value",
            direction: direction.rawValue, bestTrial: best.number, bestScore: bestScore,
            baseline: baselinePath ?? "default", method: methodName,
            importance: importance.mainEffects,
            interactions: importance.interactions, baselineScore: path.sourceScore,
            path: path.steps,
            verification: verification, leaveOneOut: leaveOneOut, components: components,
            repeats: repeats, seed: seed,
            seconds: seconds)
    }

    var methodName: String {
        if case .fanova = method { return "fanova" }
        return "ped-anova"
    }

    /// The baseline: a JSON object of parameter values (left-out parameters take `best`'s), or
    /// the defaults.
    func baseline(for best: Configuration, space: SearchSpace, defaultFamily: String?) throws
        -> Configuration
    {
        guard let baselinePath else {
            if let family = best["learner"].flatMap({ LearnerCatalog.family(named: $0.description) }
            ) {
                return space.pruned(LowCostStart.defaultConfiguration(of: family, in: space))
            }
            if let defaultFamily, let family = LearnerCatalog.family(named: defaultFamily) {
                return space.pruned(LowCostStart.defaultConfiguration(of: family, in: space))
            }
            // A command study has no defaults: the middle of each range, the first choice.
            return space.configuration { parameter in
                if case .categorical(let choices) = parameter.domain, let first = choices.first {
                    return first
                }
                return parameter.value(atUnit: 0.5)
            }
        }
        guard let data = FileManager.default.contents(atPath: baselinePath) else {
            throw AblationError.invalidBaseline(
                source: baselinePath, problem: "file cannot be read")
        }
        let given: Configuration
        do { given = try JSONDecoder().decode(Configuration.self, from: data) } catch {
            throw AblationError.invalidBaseline(
                source: baselinePath, problem: "is not a JSON object of parameter values")
        }
        let retyped = space.retyped(given)
        let unknown = given.values.keys.filter { space.parameter(named: $0) == nil }.sorted()
        guard unknown.isEmpty else {
            throw AblationError.invalidBaseline(
                source: baselinePath,
                problem:
                    "names \(unknown.map { "'\($0)'" }.joined(separator: ", ")), not parameters of the study"
            )
        }
        var values = best.values
        for (name, value) in retyped.values { values[name] = value }
        let merged = space.pruned(space.configuration { values[$0.name] ?? $0.value(atUnit: 0.5) })
        let problems = space.problems(with: merged)
        guard problems.isEmpty else {
            throw AblationError.invalidBaseline(
                source: baselinePath, problem: problems.joined(separator: "; "))
        }
        return merged
    }
}
