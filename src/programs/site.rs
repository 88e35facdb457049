//! The programs pages in the site map (`crate::site`): path, who may open each, menu entries.

use super::pages::{
    CalendarPage, ManagePage, ProgramPage, RoomsPage, ScheduleProgramPage, StaffProgramPage,
    StaffProgramsPage,
};

crate::pages! {
    "/programs" => CalendarPage, Anyone, nav(Public, 10, "Programs");
    "/programs/:id" => ProgramPage, Anyone;
    "/programs/manage/:token" => ManagePage, Anyone;
    "/staff/programs" => StaffProgramsPage lazy StaffProgramsRoute, Staff, nav(Staff, 60, "Programs");
    "/staff/programs/new" => ScheduleProgramPage lazy ScheduleProgramRoute, Staff;
    "/staff/programs/:id" => StaffProgramPage lazy StaffProgramRoute, Staff;
    "/admin/rooms" => RoomsPage lazy RoomsRoute, Admin, nav(Admin, 40, "Rooms");
}
