-- One pandoc run, two writers: studyguide's canonical Markdown of a guide and the HTML of its
-- fragments. The document holds two Divs: the guide's blocks, then the fragments, each ended
-- by a separator comment; the meta field "separator" is what goes between the two outputs.
-- Math is written as MathJax's marks (\(TeX\), \[TeX\]), as pandoc.py's --mathjax writes it.
function Writer(document, options)
  local guide, fragments = document.blocks[1].content, document.blocks[2].content
  local separator = pandoc.utils.stringify(document.meta.separator)
  local markdown = pandoc.write(
    pandoc.Pandoc(guide),
    'commonmark_x-yaml_metadata_block',
    pandoc.WriterOptions({ wrap_text = 'wrap-auto', columns = 88 })
  )
  local html = pandoc.write(
    pandoc.Pandoc(fragments),
    'html5',
    pandoc.WriterOptions({ wrap_text = 'wrap-none', html_math_method = 'mathjax' })
  )
  return markdown .. separator .. html
end
