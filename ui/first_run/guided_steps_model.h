#pragma once

#include "first_run/guide_progress.h"

#include <QAbstractListModel>

namespace ferry::ui {

// The guided path's steps as a list: title, done or not, the current one, and the object each step made.
class GuidedStepsModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { StepRole = Qt::UserRole + 1, DoneRole, CurrentRole, ObjectNameRole };

    explicit GuidedStepsModel(QObject *parent = nullptr);

    struct StepState
    {
        bool done = false;
        QString objectName; // the object the step made, as named now
    };
    // `current`: the step shown (none when every step is done).
    void setSteps(const QList<StepState> &steps, std::optional<GuideStep> current);
    std::optional<GuideStep> current() const { return m_current; }
    bool isDone(GuideStep step) const { return m_steps.value(int(step)).done; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    QList<StepState> m_steps;
    std::optional<GuideStep> m_current;
};

} // namespace ferry::ui
