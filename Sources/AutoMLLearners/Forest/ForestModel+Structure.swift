/// Read access to the fitted trees of a forest, for analyses that walk a tree's partition of the
/// feature space (fANOVA in `AutoMLAblation`). Package-internal: the layout is ours to change.
extension ForestModel {
    /// The structure of each fitted tree, in the order the trees were grown.
    package var treeStructures: [TreeStructure] {
        ensemble.trees.map {
            TreeStructure(
                features: $0.features, thresholds: $0.thresholds, children: $0.children,
                leafValues: $0.leafValues, valueWidth: $0.valueWidth)
        }
    }
}

/// One fitted binary tree as flat arrays (a read-only view of the learners' `FlatTree`).
///
/// - `features[i]`: the split feature of node `i`, or `-1` for a leaf.
/// - `thresholds[i]`: rows with `Float(x[feature]) <= thresholds[i]` go to the left child.
/// - `children[i]`: for a split node, the index of its left child (the right child is
///   `children[i] + 1`, and both come after `i`); for a leaf, the row of `leafValues` holding
///   its prediction.
/// - `leafValues`: row-major, `valueWidth` values per row: the leaf mean for regression
///   (`valueWidth` 1), class probabilities for classification.
package struct TreeStructure: Sendable, Equatable {
    package var features: [Int32]
    package var thresholds: [Float]
    package var children: [Int32]
    package var leafValues: [Double]
    package var valueWidth: Int

    package init(
        features: [Int32], thresholds: [Float], children: [Int32], leafValues: [Double],
        valueWidth: Int
    ) {
        self.features = features
        self.thresholds = thresholds
        self.children = children
        self.leafValues = leafValues
        self.valueWidth = valueWidth
    }
}
