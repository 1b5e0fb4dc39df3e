pub use gradphoto_domain as domain;
