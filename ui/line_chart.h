#pragma once

class QChartView;
class QLineSeries;
class QValueAxis;
class QWidget;

namespace mbc::ui {

// A chart of one line over an x and a y value axis, as the Mining and Network panes draw.
struct LineChart {
    QChartView* view;
    QLineSeries* series;
    QValueAxis* x;
    QValueAxis* y;
};

LineChart makeLineChart(QWidget* parent, const char* xLabelFormat, const char* yLabelFormat,
                        int minimumHeight);

} // namespace mbc::ui
