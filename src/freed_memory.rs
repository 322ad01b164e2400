//! Hands the memory a stage freed back to the operating system.
//!
//! The streaming scan builds a file's columns as a few hundred chunks of a
//! few tens of kilobytes each, and the columns are then made contiguous.
//! glibc keeps the chunks' freed memory inside its heaps for later
//! allocations of the same sizes, but what comes next mostly allocates
//! larger blocks, which it takes from the system anew: the freed chunks
//! stayed counted in the process's memory to the end. Measured on the 1 M
//! organisation (`analyze`, 8 paired runs): peak 669 -> 548 MiB, wall time
//! +2.4 % (the pages are faulted in afresh when used again). The same
//! holds for what each discipline's metrics free and for the tables only
//! the metrics use: returned after each discipline and before the enriched
//! tables are written, `analyze`'s peak at 1 M went from 486-507 MiB to
//! 441-454 MiB (5 paired runs, wall time unchanged; docs/performance.md).

/// Returns the free memory held inside the allocator's heaps to the system
/// (glibc's `malloc_trim`); nothing elsewhere.
pub fn return_to_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointer; it only walks the allocator's
    // own free lists and releases whole free pages.
    unsafe {
        libc::malloc_trim(0);
    }
}
