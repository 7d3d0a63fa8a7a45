//! scratch
fn main(){}
