#pragma once

// What the editors' benchmarks share: a large generated workspace (2 sources, N models of M columns, 21 products,
// 100 recipients each with a destination) and the statistics they print.
#include "config/workspace.h"

#include <QElapsedTimer>
#include <QList>

#include <algorithm>

namespace ferry::bench {


inline double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index = std::min(values.size() - 1, qsizetype(p * double(values.size() - 1) + 0.5));
    return values[index];
}

inline double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

inline Workspace largeWorkspace(int models, int columns)
{
    Workspace w;
    for (int s = 0; s < 2; ++s) {
        Source source;
        source.name = QStringLiteral("source %1").arg(s);
        source.vendor = QStringLiteral("postgres");
        source.connection.host = QStringLiteral("db%1.internal").arg(s);
        source.connection.database = QStringLiteral("app");
        source.connection.username = QStringLiteral("ferry");
        source.connection.passwordEnv = QStringLiteral("APP_DB_PASSWORD");
        w.sources << source;
    }
    for (int m = 0; m < models; ++m) {
        Model model;
        model.name = QStringLiteral("table_%1").arg(m, 4, 10, QLatin1Char('0'));
        model.sourceTable = QStringLiteral("public.") + model.name;
        model.sourceName = w.sources[m % 2].name;
        model.organizationColumn = QStringLiteral("tenant_id");
        model.maxTransferTimeWindowSeconds = 86400;
        model.minStartTimeEpoch = 1735689600; // 2025-01-01
        for (int c = 0; c < columns; ++c) {
            Column column;
            column.nameInSource = column.nameInDestination = QStringLiteral("column_%1").arg(c);
            column.dataType = c == 1 ? QStringLiteral("timestamp") : c % 3 ? QStringLiteral("string") : QStringLiteral("bigint");
            column.isPrimaryKey = c == 0;
            column.isLastModified = c == 1;
            model.columns << column;
        }
        w.models << model;
    }
    Product all;
    all.name = QStringLiteral("everything");
    all.models = w.names(ObjectKind::Model);
    w.products << all;
    for (int p = 0; p < 20; ++p) {
        Product product;
        product.name = QStringLiteral("bundle %1").arg(p);
        product.models = all.models.mid(p * models / 20, models / 20);
        w.products << product;
    }
    for (int r = 0; r < 100; ++r) {
        Recipient recipient;
        recipient.name = QStringLiteral("customer %1").arg(r);
        recipient.idInProviderSystem = QStringLiteral("tenant_%1").arg(r);
        recipient.products = {w.products[1 + r % 20].name};
        w.recipients << recipient;
        Destination destination;
        destination.name = recipient.name + QStringLiteral(" warehouse");
        destination.recipient = recipient.name;
        destination.vendor = QStringLiteral("sqlite");
        destination.connection.path = QStringLiteral("/tmp/ferry-edit-bench-%1.db").arg(r);
        w.destinations << destination;
    }
    return w;
}


} // namespace ferry::bench
