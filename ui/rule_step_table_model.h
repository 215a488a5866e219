#pragma once

#include "consensus/rules/rule_trace.h"

#include <QAbstractTableModel>

#include <vector>

namespace mbc::ui {

// The rules a dry run checked, in the order the node checked them (the Validation pane).
class RuleStepTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { ResultColumn, RuleColumn, CodeColumn, WhereColumn, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setSteps(std::vector<RuleStep> steps);
    const std::vector<RuleStep>& steps() const { return steps_; }
    // The row of the failing rule, or -1.
    int failingRow() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<RuleStep> steps_;
};

} // namespace mbc::ui
