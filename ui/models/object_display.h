#pragma once

#include "config/workspace.h"
#include "validate/validation_report.h"

#include <QIcon>
#include <QString>

namespace ferry::ui {

// How the desktop app names, summarises and decorates configuration objects, so every view says the same thing.
struct ObjectDisplay
{
    // "Sources", "Models", ...: group headings.
    static QString pluralTitle(ObjectKind kind);
    // "Source", "Model", ...: detail pane captions.
    static QString title(ObjectKind kind);
    // "1 source", "2 models".
    static QString countText(ObjectKind kind, qsizetype count);

    static qsizetype count(const Workspace &workspace, ObjectKind kind);
    // Position of the object named `name` among its kind, or -1.
    static qsizetype indexOf(const Workspace &workspace, ObjectKind kind, const QString &name);
    static QString name(const Workspace &workspace, ObjectKind kind, qsizetype index);
    static QString file(const Workspace &workspace, ObjectKind kind, qsizetype index);
    // One line telling objects apart at a glance: "sqlite · source.db", "events · 7 columns", "tenant_acme".
    static QString summary(const Workspace &workspace, ObjectKind kind, qsizetype index);

    static QIcon kindIcon(ObjectKind kind);
    static QIcon severityIcon(ValidationIssue::Severity severity);
    static QIcon okIcon();
    // "2 errors, 1 warning"; empty when there are none.
    static QString problemCountText(int errors, int warnings);
};

} // namespace ferry::ui
