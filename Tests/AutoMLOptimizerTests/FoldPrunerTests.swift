import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLStudy
import Testing

@Suite struct FoldPrunerTests {
    private func trial(_ number: Int, _ folds: [Double], complete: Bool = true) -> TrialRecord {
        var intermediate: [Int: Double] = [:]
        for (k, v) in folds.enumerated() { intermediate[k] = v }
        let mean = folds.reduce(0, +) / Double(folds.count)
        return TrialRecord(
            number: number, state: complete ? .complete : .running, configuration: .init(),
            values: complete ? [mean] : nil, intermediateValues: intermediate)
    }

    private var history: StudyHistory {
        // The best (trial 0) scores 0.95, 0.97, 0.96, 0.94, 0.98 (σ ≈ 0.0158) under accuracy.
        StudyHistory(
            directions: [.maximize],
            trials: [
                trial(0, [0.95, 0.97, 0.96, 0.94, 0.98]), trial(1, [0.90, 0.91, 0.92, 0.90, 0.93]),
                trial(2, [0.80, 0.85, 0.82, 0.81, 0.84]), trial(3, [0.93, 0.95, 0.94, 0.92, 0.96]),
            ])
    }

    @Test("a trial far below the best on the same two folds is pruned; one within the noise is not")
    func decisions() {
        let pruner = FoldPruner()
        // Same folds mean of the best: 0.96. Margin 2·0.0158/√2 ≈ 0.0224.
        #expect(pruner.shouldPrune(trial(9, [0.70, 0.72], complete: false), history: history))
        #expect(!pruner.shouldPrune(trial(9, [0.95, 0.95], complete: false), history: history))
        #expect(!pruner.shouldPrune(trial(9, [0.945, 0.95], complete: false), history: history))
    }

    @Test("no pruning on the first fold or before the warm-up trials")
    func guards() {
        #expect(!FoldPruner().shouldPrune(trial(9, [0.1], complete: false), history: history))
        let few = StudyHistory(directions: [.maximize], trials: Array(history.trials.prefix(2)))
        #expect(!FoldPruner().shouldPrune(trial(9, [0.1, 0.1], complete: false), history: few))
    }

    @Test("losses are compared the right way round")
    func minimize() {
        let losses = StudyHistory(
            directions: [.minimize],
            trials: [
                trial(0, [10, 11, 10, 12, 11]), trial(1, [20, 21, 22, 20, 21]),
                trial(2, [15, 15, 16, 15, 15]),
                trial(3, [13, 14, 13, 14, 13]),
            ])
        #expect(FoldPruner().shouldPrune(trial(9, [30, 31], complete: false), history: losses))
        #expect(!FoldPruner().shouldPrune(trial(9, [9, 9], complete: false), history: losses))
    }
}
