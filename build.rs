//! The Windows executables carry the application's icon, version and product name, shown by
//! Explorer and the file's properties. Other systems take the icon from their package.

fn main() {
    println!("cargo:rerun-if-changed=assets/icon/satlas.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let mut res = winresource::WindowsResource::new();
    res.set_icon("assets/icon/satlas.ico")
        .set("ProductName", "Satlas")
        .set("FileDescription", "Satlas 编制饱和度分析")
        .set("CompanyName", "Satlas")
        .set("LegalCopyright", "MIT License")
        .set("ProductVersion", &version)
        .set("FileVersion", &version)
        .set_language(0x0804);
    // Without the resource the program still runs, but a release must not ship without it:
    // the release workflow builds on Windows, where the resource compiler is present.
    if let Err(e) = res.compile() {
        panic!("the Windows resource (icon, version) could not be compiled: {e}");
    }
}
