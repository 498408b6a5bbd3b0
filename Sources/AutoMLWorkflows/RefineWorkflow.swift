import AutoMLAblation
import AutoMLData
import AutoMLExecutor
import AutoMLLearners
import AutoMLModelSearch
import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLStorage
import AutoMLStudy
import Foundation

/// `automl refine --study S --budget B [--rounds R]` as a library call: continues the study with
/// rounds of targeted refinement (``Refinement``). Each round ranks the best configuration's
/// parameters by PED-ANOVA importance over the study's trials, searches the two ranked first
/// (the learner family held), the others fixed at the best configuration's values, with
/// `B / R` of the budget.
///
/// A model search deploys its best ensemble more often than its best single model, so after the
/// rounds the ensemble search continues over the enlarged pool (the refined trials join it) with
/// the last ``ensembleShare`` of a time budget, or ``ensembleEvaluations`` compositions of a
/// trial budget, the way `tune` ends its own search.
public struct RefineWorkflow: Sendable {
    public var study: String
    public var storage: StorageLocation
    public var budget: Budget
    public var rounds: Int
    public var parametersPerRound: Int
    public var jobs: Int
    public var dataPath: String?
    public var csvOptions: CSVOptions
    public var trialTimeout: Duration?
    /// Compositions the ensemble search tries after the rounds of a trial budget.
    public var ensembleEvaluations = 40
    /// The share of a time budget left for the ensemble search after the rounds (tune's own
    /// share: from ``BudgetSplit/modelTrialsStopAt`` to the end of its ensemble search).
    public static let ensembleShare = 0.15

    public init(
        study: String, storage: StorageLocation, budget: Budget, rounds: Int = 3,
        parametersPerRound: Int = 2,
        jobs: Int = 1, dataPath: String? = nil, csvOptions: CSVOptions = .standard,
        trialTimeout: Duration? = nil
    ) {
        self.study = study
        self.storage = storage
        self.budget = budget
        self.rounds = rounds
        self.parametersPerRound = parametersPerRound
        self.jobs = jobs
        self.dataPath = dataPath
        self.csvOptions = csvOptions
        self.trialTimeout = trialTimeout
    }

    /// The budget of one round; `ensembleAfter` keeps ``ensembleShare`` of a time budget back.
    func roundBudget(ensembleAfter: Bool) -> Budget {
        switch budget {
        case .trials(let count): return .trials(max(1, (count + rounds - 1) / max(rounds, 1)))
        case .time(let total):
            let rest = ensembleAfter ? total * (1 - Self.ensembleShare) : total
            return .time(rest / max(rounds, 1))
        }
    }

    /// Runs the rounds; `progress` is told each round.
    public func run(
        stop: StopController = StopController(),
        progress: @escaping @Sendable (Refinement.Round) -> Void = { _ in }
    ) async throws -> Refinement.Report {
        try storage.requireExisting()
        let start = ContinuousClock.now
        return try await storage.withStorage { storage in
            guard let record = try await storage.study(named: study) else {
                throw StudyError.studyNotFound(name: study)
            }
            let sampler = try SamplerCatalog.sampler(record.sampler)
            let isModel = record.attributes["objective"] == "model"
            let objective: @Sendable (Int) -> any Objective
            var pruner: (any Pruner)?
            var ensembleSearch: (EnsembleSearchPhase, Target, Metric, [Split])?
            if isModel {
                let dataset = try StudyDataset.load(
                    for: record, path: dataPath, options: csvOptions)
                guard let metric = record.attributes["metric"].flatMap(Metric.init(rawValue:))
                else {
                    throw AblationError.notAblatable(
                        study: study, reason: "it does not record its metric")
                }
                let seed = record.sampler.seed ?? 0
                let splits = try CrossValidation.folds(
                    for: dataset, count: Int(record.attributes["folds"] ?? "") ?? 5, seed: seed)
                let evaluator = ModelTrialEvaluator(
                    dataset: dataset, splits: splits, metric: metric, seed: seed,
                    defaultFamily: record.attributes["default_family"])
                objective = { _ in ModelObjective(evaluator: evaluator, phase: "refine") }
                pruner = FoldPruner()
                if let ensembles = try await storage.study(
                    named: EnsembleSearchPhase.studyName(for: study))
                {
                    var deadline: ContinuousClock.Instant?
                    if case .time(let total) = budget { deadline = start + total }
                    let phase = EnsembleSearchPhase(
                        space: ensembles.space, samplerName: ensembles.sampler.name,
                        seed: ensembles.sampler.seed ?? seed,
                        evaluations: ensembleEvaluations, deadline: deadline)
                    ensembleSearch = (phase, dataset.target, metric, splits)
                }
            } else if let command = record.attributes["command"] {
                let count = record.directions.count
                objective = { _ in CommandObjective(command: command, valueCount: count) }
            } else {
                throw AblationError.notAblatable(
                    study: study, reason: "it has no objective automl can run again")
            }
            let study = Study(record: record, storage: storage, sampler: sampler, pruner: pruner)
            try await study.failAbandonedTrials()
            let space = record.space
            let refinement = Refinement(
                rounds: rounds, roundBudget: roundBudget(ensembleAfter: ensembleSearch != nil),
                parametersPerRound: parametersPerRound,
                jobs: jobs,
                trialTimeout: trialTimeout, seed: record.sampler.seed ?? 0)
            var report = try await refinement.run(
                on: study, objective: objective,
                rank: { history in
                    // The family is held: refining searches within the best configuration's branch.
                    try ParameterImportance.evaluate(history, space: space, method: .pedANOVA())
                        .ranking
                        .filter { $0 != "learner" }
                }, pruner: pruner, stop: stop, progress: progress)
            if let (phase, target, metric, folds) = ensembleSearch, stop.level < .abort {
                let name = EnsembleSearchPhase.studyName(for: study.name)
                var before: Double?
                if let record = try await storage.study(named: name) {
                    before =
                        StudyHistory.best(
                            of: try await storage.trials(of: name), directions: record.directions)?
                        .value
                }
                // A graceful stop ends the rounds only; a second Ctrl-C (abort) ends this too.
                let ensembleStop = StopController()
                stop.onAbort { ensembleStop.request(.abort) }
                if let outcome = try await phase.run(
                    for: study, target: target, metric: metric, folds: folds, stop: ensembleStop)
                {
                    report.ensemble = Refinement.EnsembleRefresh(
                        trials: outcome.trials.count, bestBefore: before,
                        bestAfter: outcome.best?.trial.value)
                }
            }
            return report
        }
    }
}
