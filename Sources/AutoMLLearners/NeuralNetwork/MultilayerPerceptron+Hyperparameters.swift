import Foundation

extension MultilayerPerceptron {
    /// The settings of ``MultilayerPerceptron``; defaults are scikit-learn's `MLPClassifier` /
    /// `MLPRegressor` defaults with `solver="adam"`, except ``standardizeTarget``.
    ///
    /// In JSON, `hidden_layer_sizes` may be an array (`[100, 50]`), a single integer (`100`) or a
    /// comma-separated string (`"100,50"`, so a search space can offer it as a categorical
    /// choice); it is written as an array.
    public struct Hyperparameters: LearnerHyperparameters {
        /// Units per hidden layer, 1 to 3 layers (scikit-learn `hidden_layer_sizes`), default [100].
        public var hiddenLayerSizes: [Int]
        /// Hidden-layer activation (scikit-learn `activation`), default `relu`.
        public var activation: Activation
        /// L2 penalty on the weights (scikit-learn `alpha`), default 1e-4.
        public var alpha: Double
        /// Rows per mini-batch (scikit-learn `batch_size`), default `nil`: min(200, n). Values
        /// above the number of training rows are clipped to it.
        public var batchSize: Int?
        /// Adam's step size (scikit-learn `learning_rate_init`), default 1e-3.
        public var learningRate: Double
        /// Decay of Adam's first-moment estimate (scikit-learn `beta_1`), default 0.9.
        public var beta1: Double
        /// Decay of Adam's second-moment estimate (scikit-learn `beta_2`), default 0.999.
        public var beta2: Double
        /// Adam's numerical-stability term (scikit-learn `epsilon`), default 1e-8.
        public var epsilon: Double
        /// Most epochs (passes over the training rows) (scikit-learn `max_iter`), default 200.
        public var maxEpochs: Int
        /// Whether rows are reshuffled every epoch (scikit-learn `shuffle`), default `true`.
        public var shuffle: Bool
        /// Smallest improvement that counts (scikit-learn `tol`), default 1e-4.
        public var tolerance: Double
        /// Epochs without an improvement of `tolerance` tolerated before stopping (scikit-learn
        /// `n_iter_no_change`), default 10.
        public var epochsWithoutImprovement: Int
        /// Whether to stop on a held-out validation score instead of the training loss
        /// (scikit-learn `early_stopping`), default `false`.
        public var earlyStopping: Bool
        /// Share of the training rows held out for early stopping (scikit-learn
        /// `validation_fraction`), default 0.1.
        public var validationFraction: Double
        /// Whether a regression target is standardized for training (not in scikit-learn, which
        /// trains on the raw target), default `true`. Predictions are always on the original
        /// scale.
        public var standardizeTarget: Bool

        public init(
            hiddenLayerSizes: [Int] = [100], activation: Activation = .relu, alpha: Double = 1e-4,
            batchSize: Int? = nil, learningRate: Double = 1e-3, beta1: Double = 0.9,
            beta2: Double = 0.999,
            epsilon: Double = 1e-8, maxEpochs: Int = 200, shuffle: Bool = true,
            tolerance: Double = 1e-4,
            epochsWithoutImprovement: Int = 10, earlyStopping: Bool = false,
            validationFraction: Double = 0.1,
            standardizeTarget: Bool = true
        ) {
            self.hiddenLayerSizes = hiddenLayerSizes
            self.activation = activation
            self.alpha = alpha
            self.batchSize = batchSize
            self.learningRate = learningRate
            self.beta1 = beta1
            self.beta2 = beta2
            self.epsilon = epsilon
            self.maxEpochs = maxEpochs
            self.shuffle = shuffle
            self.tolerance = tolerance
            self.epochsWithoutImprovement = epochsWithoutImprovement
            self.earlyStopping = earlyStopping
            self.validationFraction = validationFraction
            self.standardizeTarget = standardizeTarget
        }

        public init() { self.init(hiddenLayerSizes: [100]) }

        private enum CodingKeys: String, CodingKey {
            case hiddenLayerSizes, activation, alpha, batchSize, learningRate, beta1, beta2,
                epsilon, maxEpochs
            case shuffle, tolerance, epochsWithoutImprovement, earlyStopping, validationFraction,
                standardizeTarget
        }

        /// Missing keys take the defaults; `hidden_layer_sizes` also reads `100` and `"100,50"`.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Hyperparameters()
            hiddenLayerSizes = try Self.decodeLayerSizes(c) ?? d.hiddenLayerSizes
            activation = try c.decodeIfPresent(Activation.self, forKey: .activation) ?? d.activation
            alpha = try c.decodeIfPresent(Double.self, forKey: .alpha) ?? d.alpha
            batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize)
            learningRate =
                try c.decodeIfPresent(Double.self, forKey: .learningRate) ?? d.learningRate
            beta1 = try c.decodeIfPresent(Double.self, forKey: .beta1) ?? d.beta1
            beta2 = try c.decodeIfPresent(Double.self, forKey: .beta2) ?? d.beta2
            epsilon = try c.decodeIfPresent(Double.self, forKey: .epsilon) ?? d.epsilon
            maxEpochs = try c.decodeIfPresent(Int.self, forKey: .maxEpochs) ?? d.maxEpochs
            shuffle = try c.decodeIfPresent(Bool.self, forKey: .shuffle) ?? d.shuffle
            tolerance = try c.decodeIfPresent(Double.self, forKey: .tolerance) ?? d.tolerance
            epochsWithoutImprovement =
                try c.decodeIfPresent(Int.self, forKey: .epochsWithoutImprovement)
                ?? d.epochsWithoutImprovement
            earlyStopping =
                try c.decodeIfPresent(Bool.self, forKey: .earlyStopping) ?? d.earlyStopping
            validationFraction =
                try c.decodeIfPresent(Double.self, forKey: .validationFraction)
                ?? d.validationFraction
            standardizeTarget =
                try c.decodeIfPresent(Bool.self, forKey: .standardizeTarget) ?? d.standardizeTarget
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(hiddenLayerSizes, forKey: .hiddenLayerSizes)
            try c.encode(activation, forKey: .activation)
            try c.encode(alpha, forKey: .alpha)
            try c.encodeIfPresent(batchSize, forKey: .batchSize)
            try c.encode(learningRate, forKey: .learningRate)
            try c.encode(beta1, forKey: .beta1)
            try c.encode(beta2, forKey: .beta2)
            try c.encode(epsilon, forKey: .epsilon)
            try c.encode(maxEpochs, forKey: .maxEpochs)
            try c.encode(shuffle, forKey: .shuffle)
            try c.encode(tolerance, forKey: .tolerance)
            try c.encode(epochsWithoutImprovement, forKey: .epochsWithoutImprovement)
            try c.encode(earlyStopping, forKey: .earlyStopping)
            try c.encode(validationFraction, forKey: .validationFraction)
            try c.encode(standardizeTarget, forKey: .standardizeTarget)
        }

        /// `[100, 50]`, `100` or `"100,50"`; `nil` when absent.
        private static func decodeLayerSizes(_ c: KeyedDecodingContainer<CodingKeys>) throws
            -> [Int]?
        {
            guard c.contains(.hiddenLayerSizes) else { return nil }
            if let sizes = try? c.decode([Int].self, forKey: .hiddenLayerSizes) { return sizes }
            if let size = try? c.decode(Int.self, forKey: .hiddenLayerSizes) { return [size] }
            let text = try c.decode(String.self, forKey: .hiddenLayerSizes)
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            let sizes = parts.compactMap { Int($0) }
            guard !parts.isEmpty, sizes.count == parts.count else {
                throw DecodingError.dataCorruptedError(
                    forKey: .hiddenLayerSizes, in: c,
                    debugDescription:
                        "hidden_layer_sizes must be integers such as [100, 50] or \"100,50\"; got \"\(text)\""
                )
            }
            return sizes
        }
    }
}
