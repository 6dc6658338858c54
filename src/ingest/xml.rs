//! Just enough XML for the places that look inside a workbook without a full parse: the
//! merged regions and sheet names of an xlsx, the extent of an ods table. Tags are found by
//! their brackets and attributes by their quotes, in one pass over the text.

/// The text inside each `<…>` of `xml`, in order, without the brackets: a closing tag starts
/// with `/`, a self-closing one ends with `/`.
pub fn tags(xml: &str) -> impl Iterator<Item = &str> {
    xml.split('<').skip(1).filter_map(|t| t.split('>').next())
}

/// A tag's qualified name (`table:table-row`), for opening and closing tags alike.
pub fn tag_name(tag: &str) -> &str {
    let tag = tag.strip_prefix('/').unwrap_or(tag);
    tag.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("")
}

/// The opening tags named `name` (with or without a namespace prefix) in `xml`.
pub fn tags_named<'a>(xml: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    tags(xml).filter(move |t| !t.starts_with('/') && tag_name(t).rsplit(':').next() == Some(name))
}

/// The value of attribute `name` (or `prefix:name`) in an opening tag.
pub fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim_end();
        let key = key.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let value_end = after[1..].find(quote)?;
        let value = &after[1..1 + value_end];
        if key == name || (key.contains(':') && key.rsplit(':').next() == Some(name)) {
            return Some(value);
        }
        rest = &after[1 + value_end + 1..];
    }
    None
}

/// Text with XML's entities and character references replaced; an unknown one is kept.
pub fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let ch = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => {
                u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32)
            }
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
