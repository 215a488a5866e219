#include "ui/rule_step_table_model.h"

#include "ui/node_reasons.h"
#include "ui/rule_texts.h"

#include <QBrush>
#include <QColor>

namespace mbc::ui {

void RuleStepTableModel::setSteps(std::vector<RuleStep> steps) {
    beginResetModel();
    steps_ = std::move(steps);
    endResetModel();
}

int RuleStepTableModel::failingRow() const {
    for (std::size_t i = 0; i < steps_.size(); ++i)
        if (!steps_[i].passed())
            return int(i);
    return -1;
}

int RuleStepTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(steps_.size());
}

int RuleStepTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RuleStepTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(steps_.size()))
        return {};
    const RuleStep& s = steps_[std::size_t(index.row())];
    if (role == Qt::ForegroundRole && !s.passed())
        return QBrush(QColor(0xb0, 0x00, 0x20));
    if (role == Qt::ToolTipRole && s.failure)
        return NodeReasons::rejection(*s.failure);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case ResultColumn:
        return s.passed() ? tr("pass") : tr("FAIL");
    case RuleColumn:
        return RuleTexts::question(s.rule);
    case CodeColumn:
        return RuleTexts::code(s);
    case WhereColumn:
        return RuleTexts::where(s);
    }
    return {};
}

QVariant RuleStepTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ResultColumn:
        return tr("Result");
    case RuleColumn:
        return tr("Rule");
    case CodeColumn:
        return tr("Reject code");
    case WhereColumn:
        return tr("Where");
    }
    return {};
}

} // namespace mbc::ui
