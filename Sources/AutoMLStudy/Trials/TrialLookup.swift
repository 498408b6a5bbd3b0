extension [TrialRecord] {
    /// The trial numbered `number` of study `study`: read at its index when the trials are in
    /// number order from 0 (how the storages keep them), else found by a search.
    /// - Throws: ``StudyError/trialNotFound(study:number:)``.
    public func trial(numbered number: Int, study: String) throws -> TrialRecord {
        if number >= 0, number < count, self[number].number == number {
            return self[number]
        }
        guard let trial = first(where: { $0.number == number }) else {
            throw StudyError.trialNotFound(study: study, number: number)
        }
        return trial
    }
}
