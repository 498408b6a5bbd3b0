import AutoMLExecutor
import AutoMLModelSearch
import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLStudy
import Foundation

/// Targeted refinement, the loop of the workflow automl grew from: rank the parameters of the
/// best configuration by importance, search only the ones ranked first (the others held at the
/// best configuration's values), keep the result only if it wins — the study's best moves only
/// when a refinement trial beats it — mark them refined and move on to the next.
///
/// Every refinement trial is a trial of the same study, with the attributes `refine_round` and
/// `refined_parameters`.
public struct Refinement: Sendable {
    /// What one round did.
    public struct Round: Sendable, Codable, Equatable {
        public var parameters: [String]
        public var trials: Int
        public var bestBefore: Double
        public var bestAfter: Double

        public var improved: Bool { bestAfter != bestBefore }

        private enum CodingKeys: String, CodingKey {
            case parameters, trials
            case bestBefore = "best_before"
            case bestAfter = "best_after"
        }
    }

    /// The ensemble search that follows the rounds of a model search (``EnsembleSearchPhase``
    /// over the pool the refined trials joined).
    public struct EnsembleRefresh: Sendable, Codable, Equatable {
        /// Compositions tried.
        public var trials: Int
        /// The ensemble study's best score before and after (nil: none yet).
        public var bestBefore: Double?
        public var bestAfter: Double?

        public init(trials: Int, bestBefore: Double?, bestAfter: Double?) {
            self.trials = trials
            self.bestBefore = bestBefore
            self.bestAfter = bestAfter
        }

        public var improved: Bool { bestAfter != nil && bestAfter != bestBefore }

        private enum CodingKeys: String, CodingKey {
            case trials
            case bestBefore = "best_before"
            case bestAfter = "best_after"
        }
    }

    /// What the whole refinement did (`automl refine --json`).
    public struct Report: Sendable, Codable, Equatable {
        public var rounds: [Round]
        /// Whether any round improved the study's best.
        public var improved: Bool
        /// The ensemble search after the rounds (model searches with an ensemble study).
        public var ensemble: EnsembleRefresh?

        public init(rounds: [Round], improved: Bool, ensemble: EnsembleRefresh? = nil) {
            self.rounds = rounds
            self.improved = improved
            self.ensemble = ensemble
        }
    }

    /// Parameters searched per round.
    public var parametersPerRound: Int
    public var rounds: Int
    /// The budget of each round.
    public var roundBudget: Budget
    public var jobs: Int
    public var trialTimeout: Duration?
    public var seed: UInt64

    public init(
        rounds: Int, roundBudget: Budget, parametersPerRound: Int = 2, jobs: Int = 1,
        trialTimeout: Duration? = nil,
        seed: UInt64 = 0
    ) {
        self.rounds = rounds
        self.roundBudget = roundBudget
        self.parametersPerRound = parametersPerRound
        self.jobs = jobs
        self.trialTimeout = trialTimeout
        self.seed = seed
    }

    /// Runs the rounds on `study`.
    /// - Parameters:
    ///   - objective: the study's objective, per round (a model objective with the round's
    ///     deadline, the command).
    ///   - rank: the parameters of the study ranked by importance for the current best (most
    ///     important first); parameters refined already are skipped.
    ///   - pruner: the pruner of the refinement trials (a model search's fold pruner).
    ///   - progress: told each round when it ends.
    public func run(
        on study: Study, objective: @Sendable (Int) -> any Objective,
        rank: @Sendable (StudyHistory) throws -> [String], pruner: (any Pruner)?,
        stop: StopController,
        progress: (Round) -> Void = { _ in }
    ) async throws -> Report {
        var refined = Set<String>()
        var report: [Round] = []
        for round in 1...max(rounds, 1) where !stop.isStopping {
            let history = try await study.history
            guard let best = history.best, let bestValue = best.value else {
                throw AblationError.notAblatable(
                    study: study.name, reason: "it has no complete trial to refine")
            }
            let candidates = try rank(history).filter { name in
                !refined.contains(name) && best.configuration[name] != nil
                    && study.space.parameter(named: name)?.isSearched == true
            }
            guard !candidates.isEmpty else { break }
            let chosen = Array(candidates.prefix(parametersPerRound))
            let base = try SamplerCatalog.sampler(
                SamplerSettings(
                    name: study.record.sampler.name,
                    seed: (study.record.sampler.seed ?? seed) &+ UInt64(round)))
            let narrow = Study(
                record: study.record, storage: study.storage,
                sampler: RestrictedSampler(
                    base: base, anchor: best.configuration, free: Set(chosen)), pruner: pruner,
                owner: study.owner)
            let executor = TrialExecutor(
                study: narrow,
                objective: AttributedObjective(
                    base: objective(round),
                    attributes: [
                        TrialAttribute.refineRound.name: String(round),
                        TrialAttribute.refinedParameters.name: chosen.joined(separator: ","),
                    ]),
                options: ExecutionOptions(
                    budget: roundBudget, jobs: jobs, trialTimeout: trialTimeout), stop: stop)
            let summary = try await executor.run()
            let after =
                StudyHistory.best(of: try await study.trials, directions: study.directions)?.value
                ?? bestValue
            let result = Round(
                parameters: chosen, trials: summary.trials.count, bestBefore: bestValue,
                bestAfter: after)
            report.append(result)
            progress(result)
            refined.formUnion(chosen)
        }
        return Report(rounds: report, improved: report.contains { $0.improved })
    }
}

/// An objective whose trials record extra attributes.
public struct AttributedObjective: Objective {
    public let base: any Objective
    public let attributes: [String: String]

    public init(base: any Objective, attributes: [String: String]) {
        self.base = base
        self.attributes = attributes
    }

    public func evaluate(_ trial: Trial) async throws -> Evaluation {
        for (name, value) in attributes { trial.setAttribute(name, value) }
        return try await base.evaluate(trial)
    }
}
