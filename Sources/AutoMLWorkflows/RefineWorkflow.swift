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

    /// The budget of one round.
    var roundBudget: Budget {
        switch budget {
        case .trials(let count): return .trials(max(1, (count + rounds - 1) / max(rounds, 1)))
        case .time(let total): return .time(total / max(rounds, 1))
        }
    }

    /// Runs the rounds; `progress` is told each round.
    public func run(
        stop: StopController = StopController(),
        progress: @escaping @Sendable (Refinement.Round) -> Void = { _ in }
    ) async throws -> Refinement.Report {
        guard storage.exists else {
            throw StorageError.cannotOpen(
                path: storage.description,
                reason:
                    "no such database file; studies are stored where `tune` or `ask` created them")
        }
        return try await storage.withStorage { storage in
            guard let record = try await storage.study(named: study) else {
                throw StudyError.studyNotFound(name: study)
            }
            let sampler = try SamplerCatalog.sampler(record.sampler)
            let isModel = record.attributes["objective"] == "model"
            let objective: @Sendable (Int) -> any Objective
            var pruner: (any Pruner)?
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
                rounds: rounds, roundBudget: roundBudget, parametersPerRound: parametersPerRound,
                jobs: jobs,
                trialTimeout: trialTimeout, seed: record.sampler.seed ?? 0)
            return try await refinement.run(
                on: study, objective: objective,
                rank: { history in
                    // The family is held: refining searches within the best configuration's branch.
                    try ParameterImportance.evaluate(history, space: space, method: .pedANOVA())
                        .ranking
                        .filter { $0 != "learner" }
                }, pruner: pruner, stop: stop, progress: progress)
        }
    }
}
