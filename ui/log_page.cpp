#include "ui/log_page.h"

#include "ui/log_model.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QLabel>
#include <QListView>
#include <QVBoxLayout>

namespace mbc::ui {

LogPage::LogPage(LogModel& model, QWidget* parent)
    : Page(parent)
    , heading_(makeHeading())
    , follow_(new QCheckBox(this))
    , view_(new QListView(this)) {
    view_->setObjectName("logView");
    view_->setModel(&model);
    view_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view_->setUniformItemSizes(true); // fast with thousands of lines
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    follow_->setChecked(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading_);
    layout->addWidget(view_, 1);
    layout->addWidget(follow_);
    connect(&model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (follow_->isChecked())
            view_->scrollToBottom();
    });
    retranslate();
}

void LogPage::retranslate() {
    heading_->setText(tr("Log"));
    follow_->setText(tr("Follow new lines"));
}

} // namespace mbc::ui
