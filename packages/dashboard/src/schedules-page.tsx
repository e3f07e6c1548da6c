/** The Schedules page: the form to define one beside the list of all. */
import { useState } from "preact/hooks";
import { NewSchedule } from "./new-schedule.js";
import { ScheduleList } from "./schedule-list.js";

export function SchedulesPage() {
  const [created, setCreated] = useState(0);
  return (
    <div class="home">
      <NewSchedule onCreated={() => setCreated((n) => n + 1)} />
      <ScheduleList refreshKey={created} />
    </div>
  );
}
