#pragma once

// The demo workspace in a temporary SQLite state database, with helpers to enqueue and really run its transfers,
// break a destination, count delivered rows and keep a widget's picture under the build's screenshots folder.
#include "config/workspace.h"
#include "state/state_database.h"
#include "state/transfer_record.h"
#include "state/transfer_store.h"

#include <gtest/gtest.h>

#include <QTemporaryDir>

#include <memory>

class QWidget;

namespace ferry::ui {

class MainWindow;

class TransferUiFixture : public ::testing::Test
{
protected:
    static constexpr int kWaitMs = 60000;

    void SetUp() override;
    void TearDown() override;

    StateLocation location() const;
    QString enqueue(const QString &destination, const QStringList &models = {}, const QMap<QString, QString> &tags = {},
                    bool fullRefresh = false);
    // Runs the queue with a real worker pool until nothing is pending or running.
    void runQueue();
    QString status(const QString &id);
    TransferRecord record(const QString &id);
    // Replaces the destination's SQLite file with bytes that are not a database: its next transfer fails there.
    void breakDestination(const QString &name);
    qint64 destinationRows(const QString &name, const QString &table);
    std::unique_ptr<MainWindow> openWindow();
    // Keeps `widget`'s picture as build/<preset>/screenshots/<name>.png.
    static void saveScreenshot(QWidget *widget, const QString &name);

    QTemporaryDir m_dir;
    std::shared_ptr<StateDatabase> m_state;
    Workspace m_workspace;
};

} // namespace ferry::ui
