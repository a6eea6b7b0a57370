<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AttachmentsPanel</name>
    <message numerus="yes">
        <location filename="../attachments/panel.py" line="+283" />
        <source>Photos and files (%n)</source>
        <translation>
            <numerusform>Photos and files (%n)</numerusform>
            <numerusform>Photos and files (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+137" />
        <source>%n file(s) could not be attached:</source>
        <translation>
            <numerusform>%n file could not be attached:</numerusform>
            <numerusform>%n files could not be attached:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClassificationTab</name>
    <message numerus="yes">
        <location filename="../admin/classification.py" line="+153" />
        <source>Runs automatically every %n hour(s).</source>
        <translation>
            <numerusform>Runs automatically every %n hour.</numerusform>
            <numerusform>Runs automatically every %n hours.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerFileView</name>
    <message numerus="yes">
        <location filename="../customer_file/view.py" line="+608" />
        <source>%1 · %n receivable(s), the oldest %2 days late</source>
        <translation>
            <numerusform>%1 · %n receivable, the oldest %2 days late</numerusform>
            <numerusform>%1 · %n receivables, the oldest %2 days late</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message numerus="yes">
        <location filename="../pages/customers.py" line="+472" />
        <source>%n customer(s) match your search</source>
        <translation>
            <numerusform>%n customer matches your search</numerusform>
            <numerusform>%n customers match your search</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n customer(s) on this computer</source>
        <translation>
            <numerusform>%n customer on this computer</numerusform>
            <numerusform>%n customers on this computer</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DevicesTab</name>
    <message numerus="yes">
        <location filename="../admin/devices.py" line="+81" />
        <source>%n device(s)</source>
        <translation>
            <numerusform>%n device</numerusform>
            <numerusform>%n devices</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message numerus="yes">
        <location filename="../errors.py" line="+118" />
        <source>Too many failed logins. Try again in %n second(s).</source>
        <translation>
            <numerusform>Too many failed logins. Try again in %n second.</numerusform>
            <numerusform>Too many failed logins. Try again in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Evidence</name>
    <message numerus="yes">
        <location filename="../evidence.py" line="+33" />
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FileUploads</name>
    <message numerus="yes">
        <location filename="../sync_issues.py" line="+219" />
        <source>Tried %n time(s); next try with the sync after %1.</source>
        <translation>
            <numerusform>Tried %n time; next try with the sync after %1.</numerusform>
            <numerusform>Tried %n times; next try with the sync after %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message numerus="yes">
        <location filename="../formatting.py" line="+130" />
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3" />
        <source>%n h ago</source>
        <translation>
            <numerusform>%n h ago</numerusform>
            <numerusform>%n h ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message numerus="yes">
        <location filename="../admin/imports.py" line="+555" />
        <source>Import %n ticked row(s)</source>
        <translation>
            <numerusform>Import %n ticked row</numerusform>
            <numerusform>Import %n ticked rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+21" />
        <source>Importing %n row(s)…</source>
        <translation>
            <numerusform>Importing %n row…</numerusform>
            <numerusform>Importing %n rows…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+45" />
        <source>Nothing was imported: %n ticked row(s) cannot be imported as they are (marked below).</source>
        <translation>
            <numerusform>Nothing was imported: %n ticked row cannot be imported as they are (marked below).</numerusform>
            <numerusform>Nothing was imported: %n ticked rows cannot be imported as they are (marked below).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InboxPage</name>
    <message numerus="yes">
        <location filename="../inbox.py" line="+245" />
        <source>%n discount approval(s)</source>
        <translation>
            <numerusform>%n discount approval</numerusform>
            <numerusform>%n discount approvals</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n complaint escalation(s)</source>
        <translation>
            <numerusform>%n complaint escalation</numerusform>
            <numerusform>%n complaint escalations</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KpiPage</name>
    <message numerus="yes">
        <location filename="../kpi/page.py" line="+245" />
        <source>%1 – %2 · not started yet · %3 working days · %n rep(s)</source>
        <translation>
            <numerusform>%1 – %2 · not started yet · %3 working days · %n rep</numerusform>
            <numerusform>%1 – %2 · not started yet · %3 working days · %n reps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8" />
        <source>%1 – %2 · to date: %3 of %4 working days · %n rep(s)</source>
        <translation>
            <numerusform>%1 – %2 · to date: %3 of %4 working days · %n rep</numerusform>
            <numerusform>%1 – %2 · to date: %3 of %4 working days · %n reps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8" />
        <source>%1 – %2 · %3 working days · %n rep(s)</source>
        <translation>
            <numerusform>%1 – %2 · %3 working days · %n rep</numerusform>
            <numerusform>%1 – %2 · %3 working days · %n reps</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Lock</name>
    <message numerus="yes">
        <location filename="../../desktop/app_lock.py" line="+182" />
        <source>Wrong password: %n more attempt(s) before the local data locks.</source>
        <extracomment>Tests set a short idle time in milliseconds instead of the organisation's minutes.</extracomment>
        <translation>
            <numerusform>Wrong password: %n more attempt before the local data locks.</numerusform>
            <numerusform>Wrong password: %n more attempts before the local data locks.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+53" />
        <source>Sync within %n day(s), or local data locks</source>
        <translation>
            <numerusform>Sync within %n day, or local data locks</numerusform>
            <numerusform>Sync within %n days, or local data locks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+12" />
        <source>This laptop has not reached the server for more than %n day(s), so its customer data is locked. Connect to the network: it unlocks after the next sync, and your queued changes are sent first.</source>
        <translation>
            <numerusform>This laptop has not reached the server for more than %n day, so its customer data is locked. Connect to the network: it unlocks after the next sync, and your queued changes are sent first.</numerusform>
            <numerusform>This laptop has not reached the server for more than %n days, so its customer data is locked. Connect to the network: it unlocks after the next sync, and your queued changes are sent first.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../main_window.py" line="+409" />
        <source>%n change(s) made on this computer not yet sent to the server.</source>
        <translation>
            <numerusform>%n change made on this computer not yet sent to the server.</numerusform>
            <numerusform>%n changes made on this computer not yet sent to the server.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message numerus="yes">
        <location filename="../quotes/page.py" line="+166" />
        <source>%n quote(s), newest first</source>
        <translation>
            <numerusform>%n quote, newest first</numerusform>
            <numerusform>%n quotes, newest first</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProductsTab</name>
    <message numerus="yes">
        <location filename="../admin/catalog.py" line="+126" />
        <source>%n product(s)</source>
        <translation>
            <numerusform>%n product</numerusform>
            <numerusform>%n products</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message numerus="yes">
        <location filename="../review/page.py" line="+422" />
        <source>%n visit log(s) waiting for your review</source>
        <translation>
            <numerusform>%n visit log waiting for your review</numerusform>
            <numerusform>%n visit logs waiting for your review</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n visit log(s)</source>
        <translation>
            <numerusform>%n visit log</numerusform>
            <numerusform>%n visit logs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+45" />
        <source>%n with exceptions</source>
        <translation>
            <numerusform>%n with exceptions</numerusform>
            <numerusform>%n with exceptions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+43" />
        <source>Approve %n</source>
        <translation>
            <numerusform>Approve %n</numerusform>
            <numerusform>Approve %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>Return %n…</source>
        <translation>
            <numerusform>Return %n…</numerusform>
            <numerusform>Return %n…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11" />
        <source>%n visit logs selected</source>
        <translation>
            <numerusform>%n visit logs selected</numerusform>
            <numerusform>%n visit logs selected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5" />
        <source>%n of them with exceptions</source>
        <translation>
            <numerusform>%n of them with exceptions</numerusform>
            <numerusform>%n of them with exceptions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+66" />
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+63" />
        <source>Approve %n visit log(s)</source>
        <translation>
            <numerusform>Approve %n visit log</numerusform>
            <numerusform>Approve %n visit logs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10" />
        <source>Approve %n visit logs?</source>
        <translation>
            <numerusform>Approve %n visit logs?</numerusform>
            <numerusform>Approve %n visit logs?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+18" />
        <source>Return %n visit log(s)</source>
        <translation>
            <numerusform>Return %n visit log</numerusform>
            <numerusform>Return %n visit logs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+62" />
        <source>%n visit log(s) approved.</source>
        <translation>
            <numerusform>%n visit log approved.</numerusform>
            <numerusform>%n visit logs approved.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n visit log(s) returned to the rep.</source>
        <translation>
            <numerusform>%n visit log returned to the rep.</numerusform>
            <numerusform>%n visit logs returned to the rep.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6" />
        <source>%n could not be changed:</source>
        <translation>
            <numerusform>%n could not be changed:</numerusform>
            <numerusform>%n could not be changed:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ShortVisitDialog</name>
    <message numerus="yes">
        <location filename="../visits/form.py" line="+571" />
        <source>This visit took %n minute(s).</source>
        <translation>
            <numerusform>This visit took %n minute.</numerusform>
            <numerusform>This visit took %n minutes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4" />
        <source>Your organisation counts visits under %n minute(s) as too short; your supervisor sees this log in the review queue. Say why it was short, or go back and check out later.</source>
        <translation>
            <numerusform>Your organisation counts visits under %n minute as too short; your supervisor sees this log in the review queue. Say why it was short, or go back and check out later.</numerusform>
            <numerusform>Your organisation counts visits under %n minutes as too short; your supervisor sees this log in the review queue. Say why it was short, or go back and check out later.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message numerus="yes">
        <location filename="../status_bar.py" line="+129" />
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n change</numerusform>
            <numerusform>%n changes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>%n file(s) waiting</source>
        <translation>
            <numerusform>%n file waiting</numerusform>
            <numerusform>%n files waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3" />
        <source>All changes sent, %n file(s) waiting</source>
        <translation>
            <numerusform>All changes sent, %n file waiting</numerusform>
            <numerusform>All changes sent, %n files waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+119" />
        <source>On %1 part of the local copy was out of step with the server; %n record(s) of that part were downloaded again.</source>
        <translation>
            <numerusform>On %1 part of the local copy was out of step with the server; %n record of that part was downloaded again.</numerusform>
            <numerusform>On %1 part of the local copy was out of step with the server; %n records of that part were downloaded again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncIssuesDialog</name>
    <message numerus="yes">
        <location filename="../sync_issues.py" line="+185" />
        <source>%n change(s) wait here and are sent when the server can be reached.</source>
        <translation>
            <numerusform>%n change wait here and are sent when the server can be reached.</numerusform>
            <numerusform>%n changes wait here and are sent when the server can be reached.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5" />
        <source>%n change(s) waiting to be sent with the next sync.</source>
        <translation>
            <numerusform>%n change waiting to be sent with the next sync.</numerusform>
            <numerusform>%n changes waiting to be sent with the next sync.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8" />
        <source>%n change(s) need your decision.</source>
        <translation>
            <numerusform>%n change need your decision.</numerusform>
            <numerusform>%n changes need your decision.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TargetsTab</name>
    <message numerus="yes">
        <location filename="../admin/catalog.py" line="+301" />
        <source>%n unsaved change(s)</source>
        <translation>
            <numerusform>%n unsaved change</numerusform>
            <numerusform>%n unsaved changes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+15" />
        <source>Saved %n target(s); reps see them after their next sync.</source>
        <translation>
            <numerusform>Saved %n target; reps see them after their next sync.</numerusform>
            <numerusform>Saved %n targets; reps see them after their next sync.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TerritoryEditor</name>
    <message numerus="yes">
        <location filename="../admin/territories.py" line="+480" />
        <location line="+53" />
        <source>%n customer(s)</source>
        <translation>
            <numerusform>%n customer</numerusform>
            <numerusform>%n customers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+292" />
        <source>Move %n customer(s)</source>
        <translation>
            <numerusform>Move %n customer</numerusform>
            <numerusform>Move %n customers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+17" />
        <source>Moved %n customer(s).</source>
        <translation>
            <numerusform>Moved %n customer.</numerusform>
            <numerusform>Moved %n customers.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9" />
        <source>Assign %n customer(s) to a rep</source>
        <translation>
            <numerusform>Assign %n customer to a rep</numerusform>
            <numerusform>Assign %n customers to a rep</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+14" />
        <source>Assigned %n customer(s).</source>
        <translation>
            <numerusform>Assigned %n customer.</numerusform>
            <numerusform>Assigned %n customers.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message numerus="yes">
        <location filename="../pages/today.py" line="+396" />
        <source>%n more returned log(s)</source>
        <translation>
            <numerusform>%n more returned log</numerusform>
            <numerusform>%n more returned logs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message numerus="yes">
        <location filename="../admin/users.py" line="+117" />
        <source>%n user(s)</source>
        <translation>
            <numerusform>%n user</numerusform>
            <numerusform>%n users</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+0" />
        <source>%n active</source>
        <translation>
            <numerusform>%n active</numerusform>
            <numerusform>%n active</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message numerus="yes">
        <location filename="../pages/visits.py" line="+92" />
        <source>%n matching visit(s), newest first</source>
        <translation>
            <numerusform>%n matching visit, newest first</numerusform>
            <numerusform>%n matching visits, newest first</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>%n visit(s), newest first</source>
        <translation>
            <numerusform>%n visit, newest first</numerusform>
            <numerusform>%n visits, newest first</numerusform>
        </translation>
    </message>
</context>
</TS>
