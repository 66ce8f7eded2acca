//! An ordered collection of resources.

use crate::error::{Error, Result};
use crate::resource::{ResId, Resource};
use std::path::Path;

/// Resources in the order they were accumulated.
#[derive(Clone, Debug, Default)]
pub struct ResMap {
    /// The resources, in order.
    pub resources: Vec<Resource>,
}

impl ResMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of resources.
    pub fn len(&self) -> usize {
        self.resources.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    /// Iterate over the resources.
    pub fn iter(&self) -> std::slice::Iter<'_, Resource> {
        self.resources.iter()
    }

    /// Append one resource; an id already present is an error (`path` names
    /// the file the new resource came from).
    pub fn append(&mut self, r: Resource, path: &Path) -> Result<()> {
        let id = r.id();
        if self.resources.iter().any(|x| x.id() == id) {
            return Err(Error::DuplicateId {
                id: id.to_string(),
                path: path.to_path_buf(),
            });
        }
        self.resources.push(r);
        Ok(())
    }

    /// Append all of `other`, checking ids.
    pub fn append_all(&mut self, other: ResMap, path: &Path) -> Result<()> {
        for r in other.resources {
            self.append(r, path)?;
        }
        Ok(())
    }

    /// The resource with this current id.
    pub fn get(&self, id: &ResId) -> Option<&Resource> {
        self.resources.iter().find(|r| &r.id() == id)
    }
}
