import AutoMLModelSearch
import AutoMLStudy
import Foundation

/// The candidates of a model search and the Pareto front they form over (loss, p99 single-row
/// latency, model bytes): what the profiles are selected from.
public struct TradeOffFront: Sendable {
    /// Every candidate with a serving cost, model trials first.
    public var candidates: [ProfileCandidate]
    /// The study's direction (the metric's).
    public var direction: StudyDirection
    /// The candidates no other candidate beats in all three of loss, latency and bytes.
    public var front: ParetoFront<ProfileCandidate>

    public init(candidates: [ProfileCandidate], direction: StudyDirection) {
        self.candidates = candidates
        self.direction = direction
        front = ParetoFront(candidates) { candidate in
            [direction.loss(candidate.score), candidate.latencyP99Seconds, candidate.modelBytes]
        }
    }

    /// The candidates of model study `study` in `storage` and of its ensemble study.
    /// - Throws: `StudyError.studyNotFound`, ``ProfileError/noCandidates(study:reason:)``.
    public static func load(from storage: any StudyStorage, study: String) async throws
        -> TradeOffFront
    {
        guard let record = try await storage.study(named: study) else {
            throw StudyError.studyNotFound(name: study)
        }
        let direction = record.directions.first ?? .minimize
        let folds = Int(record.attributes["folds"] ?? "") ?? 5
        let trials = try await storage.trials(of: study)
        var candidates = trials.compactMap { ProfileCandidate(model: $0, folds: folds) }
        let ensembleStudy = EnsembleSearchPhase.studyName(for: study)
        if try await storage.study(named: ensembleStudy) != nil {
            let members = Dictionary(uniqueKeysWithValues: trials.map { ($0.number, $0) })
            let ensembles = try await storage.trials(of: ensembleStudy).filter {
                $0.state == .complete
            }
            let stored = try await storage.artifacts.artifacts(
                named: EnsembleRecord.artifactName, of: ensembleStudy,
                trials: ensembles.map(\.number))
            for trial in ensembles {
                guard let data = stored[trial.number],
                    let ensemble = try? EnsembleRecord(jsonData: data),
                    let candidate = ProfileCandidate(
                        ensemble: trial, record: ensemble, members: members, folds: folds)
                else { continue }
                candidates.append(candidate)
            }
        }
        guard !candidates.isEmpty else {
            throw ProfileError.noCandidates(
                study: study,
                reason: trials.isEmpty
                    ? "it has no trials"
                    : "none of its \(trials.count) trials completed with a measured latency and size"
            )
        }
        return TradeOffFront(candidates: candidates, direction: direction)
    }

    /// The candidate with the best score (ties: the first, model trials before ensembles).
    public var best: ProfileCandidate {
        candidates.min { direction.loss($0.score) < direction.loss($1.score) } ?? candidates[0]
    }

    /// The default tolerance: one standard error of the best candidate's CV score, or of the
    /// best model trial's when the best candidate's spread is unknown.
    public var defaultTolerance: Double {
        let best = self.best
        if best.scoreStandardDeviation != nil, best.standardError > 0 { return best.standardError }
        let models = candidates.filter { !$0.isEnsemble }
        return models.min { direction.loss($0.score) < direction.loss($1.score) }?.standardError
            ?? 0
    }

    /// The candidates whose score is within `tolerance` of the best.
    public func withinTolerance(_ tolerance: Double) -> [ProfileCandidate] {
        let bestLoss = direction.loss(best.score)
        return candidates.filter { direction.loss($0.score) <= bestLoss + tolerance + 1e-12 }
    }

    /// The candidates `kind` would select from the trials' figures, best first, at most `count`
    /// and always ending with the best candidate: the shortlist that ``ProfileBuilder`` fits and
    /// measures as deployed for `fast_inference` and `memory_efficient`, because a trial's
    /// latency is timed on a fold's model under the search's load (microseconds apart are
    /// noise) and a model refitted on all the data can grow (an SVM's support vectors). Other
    /// kinds: their one selection.
    public func shortlist(_ kind: ProfileKind, tolerance: Double, count: Int)
        -> [ProfileCandidate]
    {
        let loss = { (c: ProfileCandidate) in self.direction.loss(c.score) }
        let ordered: [ProfileCandidate]
        switch kind {
        case .fastInference:
            ordered = withinTolerance(tolerance).sorted {
                ($0.latencyP99Seconds, loss($0), $0.modelBytes) < (
                    $1.latencyP99Seconds, loss($1), $1.modelBytes
                )
            }
        case .memoryEfficient:
            ordered = withinTolerance(tolerance).sorted {
                ($0.modelBytes, loss($0), $0.latencyP99Seconds) < (
                    $1.modelBytes, loss($1), $1.latencyP99Seconds
                )
            }
        case .highPerformance, .balanced:
            return [select(kind, tolerance: tolerance)]
        }
        var list = Array(ordered.filter { !$0.isSame(as: best) }.prefix(max(count - 1, 0)))
        list.append(best)
        return list
    }

    /// The candidate profile `kind` selects (see ``ProfileKind/rule``).
    public func select(_ kind: ProfileKind, tolerance: Double) -> ProfileCandidate {
        let loss = { (c: ProfileCandidate) in self.direction.loss(c.score) }
        switch kind {
        case .highPerformance:
            return best
        case .fastInference:
            return withinTolerance(tolerance).min {
                ($0.latencyP99Seconds, loss($0), $0.modelBytes) < (
                    $1.latencyP99Seconds, loss($1), $1.modelBytes
                )
            } ?? best
        case .memoryEfficient:
            return withinTolerance(tolerance).min {
                ($0.modelBytes, loss($0), $0.latencyP99Seconds) < (
                    $1.modelBytes, loss($1), $1.latencyP99Seconds
                )
            } ?? best
        case .balanced:
            let members = front.members.isEmpty ? candidates : front.members
            let losses = members.map(loss)
            let latencies = members.map { log(max($0.latencyP99Seconds, 1e-12)) }
            let sizes = members.map { log(max($0.modelBytes, 1)) }
            func scaled(_ x: Double, _ all: [Double]) -> Double {
                guard let low = all.min(), let high = all.max(), high > low else { return 0 }
                return (x - low) / (high - low)
            }
            var bestIndex = 0
            var bestUtility = -Double.infinity
            for index in members.indices {
                let utility =
                    0.5 * (1 - scaled(losses[index], losses)) + 0.25
                    * (1 - scaled(latencies[index], latencies))
                    + 0.25 * (1 - scaled(sizes[index], sizes))
                if utility > bestUtility + 1e-12 {
                    bestUtility = utility
                    bestIndex = index
                }
            }
            return members[bestIndex]
        }
    }

    /// The hypervolume of the front over (loss, log10 p99 latency, log10 bytes) up to
    /// `reference` (a loss, a log10 latency and a log10 byte count worse than every candidate's).
    public func hypervolume(reference: [Double]) -> Double {
        ParetoFront(candidates) { candidate in
            [
                direction.loss(candidate.score), log10(max(candidate.latencyP99Seconds, 1e-12)),
                log10(max(candidate.modelBytes, 1)),
            ]
        }.hypervolume(reference: reference)
    }
}

extension ProfileCandidate {
    /// Whether both are the same trial of the same study (model or ensemble).
    func isSame(as other: ProfileCandidate) -> Bool {
        isEnsemble == other.isEnsemble && trialNumber == other.trialNumber
    }
}
