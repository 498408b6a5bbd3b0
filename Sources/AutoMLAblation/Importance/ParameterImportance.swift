import AutoMLSearchSpace
import AutoMLStudy

/// Which parameters of a study mattered: Optuna's `get_param_importances` for our studies.
///
/// ```swift
/// let result = try ParameterImportance.evaluate(history, space: space, method: .pedANOVA())
/// for effect in result.mainEffects { print(effect.parameter, effect.fraction) }
///
/// let global = try ParameterImportance.evaluate(
///     history, space: space, method: .fanova(.init(treeCount: 32, bootstrapCount: 20)), seed: 7)
/// print(global.interactions.first ?? "no interactions")
/// ```
///
/// The two methods answer different questions (docs/ablation.md compares them):
/// - ``Method/fanova(_:)`` (``FunctionalANOVA``): how much of the loss's variance over the
///   whole space each parameter and each pair explains, on a random-forest surrogate, with
///   bootstrap intervals. Seconds for a thousand trials.
/// - ``Method/pedANOVA(_:)`` (``PEDANOVA``, the default, as in Optuna 5): which parameters the
///   best trials concentrate on, compared with all trials; no model, milliseconds for ten
///   thousand trials.
///
/// Both read the complete trials with a finite first value (the loss: the value, negated for
/// a maximized study) and count a conditional parameter only on the trials where it is
/// active (``ImportanceScope``).
public enum ParameterImportance {
    /// The importance method and its settings.
    public enum Method: Sendable, Equatable {
        /// fANOVA on a random forest (Hutter, Hoos & Leyton-Brown, ICML 2014).
        case fanova(FunctionalANOVA.Settings = .init())
        /// PED-ANOVA (Watanabe, Bansal & Hutter, IJCAI 2023).
        case pedANOVA(PEDANOVA.Settings = .init())
    }

    /// The importance of each searched parameter of `space` in `history`.
    ///
    /// - Parameters:
    ///   - history: the study's trials and directions; complete trials with a finite first value
    ///     whose configuration fits `space` are analysed, the others counted as skipped.
    ///   - space: the study's search space (the conditions and domains of the parameters).
    ///   - method: fANOVA or PED-ANOVA with their settings; default PED-ANOVA.
    ///   - seed: the seed of fANOVA's forests and bootstrap resamples (PED-ANOVA uses none).
    ///     The same seed gives the same result.
    /// - Returns: one ``ParameterEffect`` per searched parameter, the most important first;
    ///   fANOVA's pairwise interactions; the scopes the parameters were analysed on.
    /// - Throws: ``AblationError/noSearchedParameters``,
    ///   ``AblationError/tooFewTrials(method:found:needed:)`` (fewer than 2 usable trials),
    ///   ``AblationError/invalidSetting(name:expected:got:)``,
    ///   ``AblationError/surrogateFailed(reason:)`` (fANOVA).
    /// - Complexity: PED-ANOVA O(n log n + n·d); fANOVA (1 + bootstrap) forest fits per scope
    ///   plus the tree decompositions (see ``FunctionalANOVA``).
    public static func evaluate(
        _ history: StudyHistory, space: SearchSpace, method: Method = .pedANOVA(),
        seed: UInt64 = 0
    ) throws(AblationError) -> ImportanceResult {
        guard space.parameters.contains(where: \.isSearched) else {
            throw .noSearchedParameters
        }
        let trials = ImportanceTrials(history: history, space: space)
        switch method {
        case .fanova(let settings):
            try settings.validate()
            guard trials.trialCount >= FunctionalANOVA.minimumScopeTrials else {
                throw .tooFewTrials(
                    method: "fANOVA", found: trials.trialCount,
                    needed: FunctionalANOVA.minimumScopeTrials)
            }
            return try FunctionalANOVA.evaluate(trials, settings: settings, seed: seed)
        case .pedANOVA(let settings):
            try settings.validate()
            return try PEDANOVA.evaluate(trials, settings: settings)
        }
    }
}
