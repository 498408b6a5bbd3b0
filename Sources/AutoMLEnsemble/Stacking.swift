import AutoMLData
import AutoMLLearners
import AutoMLNumerics

/// Stacking (Wolpert 1992) and blending: a meta-learner fitted on what the members predicted
/// out of fold. Only out-of-fold predictions reach the meta-learner, so no member's view of a
/// row's label leaks into the meta-features of that row.
enum Stacking {
    /// Stacking: the meta-learner is cross-validated over the rows (its own k folds) for the
    /// score, then refitted on every row for deployment.
    static func stack(
        _ library: [EnsembleMember], settings: EnsembleSettings, target: Target, metric: Metric
    ) throws(EnsembleError) -> Ensemble {
        let classCount = target.classes.count
        let features = try StackingFeatures.matrix(library.map(\.outOfFold), classCount: classCount)
        let learner = try MetaLearnerFactory.learner(
            settings.metaLearner, regularization: settings.metaRegularization, task: target.task)
        let folds = try metaFolds(target, count: settings.stackingFolds, seed: settings.seed)
        var foldScores: [Double] = []
        var pieces: [(rows: [Int], prediction: Prediction)] = []
        for (index, split) in folds.enumerated() {
            let model = try fit(
                learner, features.rows(at: split.train), target.rows(at: split.train),
                seed: settings.seed &+ UInt64(index))
            let prediction: Prediction
            do { prediction = try model.predict(features.rows(at: split.validation)) } catch {
                throw .learner(error)
            }
            foldScores.append(
                try EnsembleBuilder.score(
                    prediction, target: target.rows(at: split.validation), metric: metric))
            pieces.append((split.validation, prediction))
        }
        let outOfFold = assemble(
            pieces, rows: target.count, classCount: classCount, task: target.task)
        let meta = try fit(learner, features, target, seed: settings.seed)
        let mean = foldScores.reduce(0, +) / Double(foldScores.count)
        let spread =
            foldScores.count > 1
            ? (foldScores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
                / Double(foldScores.count - 1)).squareRoot() : 0
        return Ensemble(
            settings: settings, memberIDs: library.map(\.id),
            weights: Array(repeating: 1 / Double(library.count), count: library.count),
            combiner: .stacked(meta: MetaModel(meta)),
            score: try EnsembleBuilder.score(outOfFold, target: target, metric: metric),
            scoreStandardDeviation: spread, outOfFold: outOfFold)
    }

    /// Blending: the meta-learner is fitted on a random `blendingFraction` of the rows
    /// (stratified for classification) and scored on the others; the deployed meta-learner is
    /// that one (not refitted), as blending is usually done.
    static func blend(
        _ library: [EnsembleMember], settings: EnsembleSettings, target: Target, metric: Metric
    ) throws(EnsembleError) -> Ensemble {
        let classCount = target.classes.count
        let features = try StackingFeatures.matrix(library.map(\.outOfFold), classCount: classCount)
        let learner = try MetaLearnerFactory.learner(
            settings.metaLearner, regularization: settings.metaRegularization, task: target.task)
        let split: Split
        do {
            let labels: [Int]? =
                if case .classification(let labels, _) = target { labels } else { nil }
            // The holdout of Splitter is the *validation* part: the meta-learner fits on it.
            split = try Splitter.holdout(
                count: target.count, validationFraction: settings.blendingFraction,
                stratifiedBy: labels, seed: settings.seed)
        } catch {
            throw .invalidSetting(
                name: "blending_fraction", expected: "a split that keeps every class on both sides",
                got: "\(error)")
        }
        let meta = try fit(
            learner, features.rows(at: split.validation), target.rows(at: split.validation),
            seed: settings.seed)
        let scored: Prediction
        do { scored = try meta.predict(features.rows(at: split.train)) } catch {
            throw .learner(error)
        }
        return Ensemble(
            settings: settings, memberIDs: library.map(\.id),
            weights: Array(repeating: 1 / Double(library.count), count: library.count),
            combiner: .stacked(meta: MetaModel(meta)),
            score: try EnsembleBuilder.score(
                scored, target: target.rows(at: split.train), metric: metric),
            scoreStandardDeviation: nil, outOfFold: scored, scoredRows: split.train)
    }

    private static func fit(
        _ learner: AnyLearner, _ features: Matrix, _ target: Target, seed: UInt64
    ) throws(EnsembleError)
        -> any Model
    {
        do {
            return try learner.fit(TrainingData(features: features, target: target), seed: seed)
        } catch {
            throw .learner(error)
        }
    }

    /// Stratified folds when every class has enough rows, shuffled k-fold otherwise.
    private static func metaFolds(_ target: Target, count: Int, seed: UInt64) throws(EnsembleError)
        -> [Split]
    {
        do {
            if case .classification(let labels, _) = target,
                let folds = try? Splitter.stratifiedKFold(labels: labels, folds: count, seed: seed)
            {
                return folds
            }
            return try Splitter.kFold(
                count: target.count, folds: min(count, target.count), shuffle: true, seed: seed)
        } catch {
            throw .invalidSetting(
                name: "stacking_folds", expected: "at most the number of rows", got: "\(count)")
        }
    }

    private static func assemble(
        _ pieces: [(rows: [Int], prediction: Prediction)], rows: Int, classCount: Int,
        task: LearningTask
    ) -> Prediction {
        if task == .classification {
            var probabilities = Matrix(rows: rows, columns: classCount)
            var labels = [Int](repeating: 0, count: rows)
            for piece in pieces {
                guard case .classes(let pieceLabels, let p) = piece.prediction else { continue }
                for (r, row) in piece.rows.enumerated() {
                    labels[row] = pieceLabels[r]
                    for k in 0..<classCount {
                        probabilities.storage[row * classCount + k] = p.storage[r * classCount + k]
                    }
                }
            }
            return .classes(labels: labels, probabilities: probabilities)
        }
        var values = [Double](repeating: 0, count: rows)
        for piece in pieces {
            guard case .values(let v) = piece.prediction else { continue }
            for (r, row) in piece.rows.enumerated() { values[row] = v[r] }
        }
        return .values(values)
    }
}
