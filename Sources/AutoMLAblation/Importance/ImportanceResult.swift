/// What ``ParameterImportance/evaluate(_:space:method:seed:)`` found: one main effect per
/// searched parameter, sorted by importance, and for fANOVA the pairwise interactions.
///
/// The JSON form is the one `automl ablate --json` prints:
///
/// ```json
/// {"method": "fanova", "trials": 200, "skipped_trials": 0,
///  "importance": [{"parameter": "x1", "fraction": 0.81, "low": 0.77, "high": 0.84}, …],
///  "interactions": [{"parameters": ["x1", "x2"], "fraction": 0.02}, …],
///  "scopes": [{"condition": "all trials", "trials": 200, "parameters": ["x1", "x2"]}]}
/// ```
public struct ImportanceResult: Sendable, Codable, Equatable {
    /// `"fanova"` or `"ped-anova"`.
    public var method: String
    /// Trials analysed: complete, with a finite first value, whose configuration the space can
    /// place (every active parameter present with a value of its kind).
    public var trialCount: Int
    /// Complete trials left out because their value was not finite or their configuration did
    /// not fit the space (a parameter missing, a choice that is not listed).
    public var skippedTrialCount: Int
    /// One entry per searched parameter, the most important first (ties by space order).
    public var mainEffects: [ParameterEffect]
    /// fANOVA's pairwise interactions, the largest first; empty for PED-ANOVA or when they
    /// were not asked for.
    public var interactions: [ParameterInteraction]
    /// The sets of trials the parameters were analysed on: one for an unconditional space,
    /// one more per condition of a conditional one (see ``ImportanceScope``).
    public var scopes: [ImportanceScope]

    public init(
        method: String, trialCount: Int, skippedTrialCount: Int, mainEffects: [ParameterEffect],
        interactions: [ParameterInteraction], scopes: [ImportanceScope]
    ) {
        self.method = method
        self.trialCount = trialCount
        self.skippedTrialCount = skippedTrialCount
        self.mainEffects = mainEffects
        self.interactions = interactions
        self.scopes = scopes
    }

    /// The main effect of the parameter called `name`.
    public func effect(of name: String) -> ParameterEffect? {
        mainEffects.first { $0.parameter == name }
    }

    /// The interaction of the two parameters (in either order).
    public func interaction(_ a: String, _ b: String) -> ParameterInteraction? {
        interactions.first { Set($0.parameters) == [a, b] }
    }

    /// The parameter names, the most important first.
    public var ranking: [String] { mainEffects.map(\.parameter) }

    private enum CodingKeys: String, CodingKey {
        case method
        case trialCount = "trials"
        case skippedTrialCount = "skipped_trials"
        case mainEffects = "importance"
        case interactions, scopes
    }
}

/// How much one parameter matters on its own.
///
/// fANOVA: the fraction of the surrogate's variance explained by the parameter alone (its
/// first-order Sobol index under the uniform measure of its domain), averaged over trees, with
/// the 5 %–95 % interval over bootstrap refits; the main effects and interactions of a scope
/// add up to at most 1. PED-ANOVA: its share of the summed (weighted) Pearson divergences (the
/// fractions add up to 1), without an interval. JSON keys `parameter`,
/// `fraction`, `low`, `high` (`null` when there is no interval).
public struct ParameterEffect: Sendable, Codable, Equatable {
    public var parameter: String
    public var fraction: Double
    /// The 5 % bootstrap quantile of the fraction, `nil` without bootstrap refits.
    public var low: Double?
    /// The 95 % bootstrap quantile of the fraction, `nil` without bootstrap refits.
    public var high: Double?

    public init(parameter: String, fraction: Double, low: Double? = nil, high: Double? = nil) {
        self.parameter = parameter
        self.fraction = fraction
        self.low = low
        self.high = high
    }

    private enum CodingKeys: String, CodingKey { case parameter, fraction, low, high }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        parameter = try container.decode(String.self, forKey: .parameter)
        fraction = try container.decode(Double.self, forKey: .fraction)
        low = try container.decodeIfPresent(Double.self, forKey: .low)
        high = try container.decodeIfPresent(Double.self, forKey: .high)
    }

    /// Writes all four keys, `low` and `high` as `null` when there is no interval.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(parameter, forKey: .parameter)
        try container.encode(fraction, forKey: .fraction)
        try container.encode(low, forKey: .low)
        try container.encode(high, forKey: .high)
    }
}

/// How much two parameters matter together beyond their main effects (fANOVA): the variance
/// of the pair's joint marginal minus the variances of the two single marginals, as a fraction
/// of the total variance. JSON keys `parameters` (two names) and `fraction`.
public struct ParameterInteraction: Sendable, Codable, Equatable {
    /// The two parameters, in the space's order.
    public var parameters: [String]
    public var fraction: Double

    public init(parameters: [String], fraction: Double) {
        self.parameters = parameters
        self.fraction = fraction
    }
}

/// A set of trials on which some parameters were analysed.
///
/// A parameter counts only where it is active. Parameters under the same conditions (their own
/// and their ancestors') are active in the same trials and share a scope: the unconditional ones
/// the scope of all trials, the hyperparameters of one learner family the scope
/// `learner = <family>`.
/// - fANOVA analyses each scope on its own trials, so the fraction of a conditional parameter
///   is a fraction of the loss's variance *among the trials where its condition holds*: the
///   fraction of `random_forest.max_depth` says how much it matters among random-forest trials,
///   not how much the random forest matters (that is `learner`'s).
/// - PED-ANOVA builds a parameter's densities from the trials where it is active and weighs
///   its divergence by how often it is active among the best trials and among the region's
///   (condPED-ANOVA, as Optuna 5 does), so its fractions stay comparable across scopes.
public struct ImportanceScope: Sendable, Codable, Equatable {
    /// `"all trials"`, or the conditions that make the scope's parameters active, such as
    /// `"learner = random_forest"`.
    public var condition: String
    /// Trials in the scope.
    public var trialCount: Int
    /// The parameters analysed on these trials, in the space's order.
    public var parameters: [String]

    public init(condition: String, trialCount: Int, parameters: [String]) {
        self.condition = condition
        self.trialCount = trialCount
        self.parameters = parameters
    }

    private enum CodingKeys: String, CodingKey {
        case condition
        case trialCount = "trials"
        case parameters
    }
}
