/// One division of a dataset's rows into rows to fit on and rows to score on.
///
/// Indices are row positions in `0..<count`, ascending within each array; the two arrays are
/// disjoint and together cover every row. A k-fold split is an array of `Split`s whose
/// `validation` arrays partition the rows (scikit-learn's `(train_index, test_index)` pairs).
/// Build them with ``Splitter``.
public struct Split: Sendable, Equatable, Codable {
    /// Rows to fit on, ascending.
    public var train: [Int]
    /// Rows to score on, ascending (scikit-learn's test indices).
    public var validation: [Int]

    /// A split from explicit row indices.
    /// - Parameters:
    ///   - train: Rows to fit on.
    ///   - validation: Rows to score on.
    public init(train: [Int], validation: [Int]) {
        self.train = train
        self.validation = validation
    }
}
