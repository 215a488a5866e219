#include "ui/line_chart.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QValueAxis>

namespace mbc::ui {

LineChart makeLineChart(QWidget* parent, const char* xLabelFormat, const char* yLabelFormat,
                        int minimumHeight) {
    LineChart c{new QChartView(parent), new QLineSeries, new QValueAxis, new QValueAxis};
    // The view's own chart: setChart() would release (and so leak) the one it made.
    QChart* chart = c.view->chart();
    chart->addSeries(c.series);
    chart->addAxis(c.x, Qt::AlignBottom);
    chart->addAxis(c.y, Qt::AlignLeft);
    c.series->attachAxis(c.x);
    c.series->attachAxis(c.y);
    c.x->setLabelFormat(xLabelFormat);
    c.y->setLabelFormat(yLabelFormat);
    chart->legend()->hide();
    c.view->setRenderHint(QPainter::Antialiasing);
    c.view->setMinimumHeight(minimumHeight);
    return c;
}

} // namespace mbc::ui
